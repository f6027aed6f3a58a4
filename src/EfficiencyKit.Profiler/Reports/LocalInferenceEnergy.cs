namespace EfficiencyKit.Profiler.Reports;

/// <summary>
/// Local inference marked with <c>EnergyScope.Inference</c>: the CPU joules billed (by the same attribution as the
/// call sites, native worker threads included) to samples taken on the scope's thread while it was open.
/// </summary>
/// <param name="Model">The model name the scope gave.</param>
/// <param name="Provider">The runtime ("onnxruntime", …).</param>
/// <param name="File">Source file of the scope, from caller information.</param>
/// <param name="Line">Source line of the scope.</param>
/// <param name="Scopes">Scopes opened and closed.</param>
/// <param name="Rows">Rows evaluated (batch sizes summed).</param>
/// <param name="Joules">Local energy billed to the scopes, with the report's energy origin.</param>
/// <param name="Seconds">Wall time inside the scopes, summed.</param>
public sealed record LocalInferenceEnergy(string Model, string Provider, string? File, int? Line, int Scopes, long Rows, double Joules, double Seconds)
{
    /// <summary>Energy per row: the figure to compare before and after batching or quantization.</summary>
    public double JoulesPerRow => Rows > 0 ? Joules / Rows : 0;
}
