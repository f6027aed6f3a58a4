namespace EfficiencyKit.Runtime;

/// <summary>A modelled energy figure as a range, with the method that produced it (always an estimate, never a measurement).</summary>
/// <param name="MinJoules">Low end.</param>
/// <param name="MaxJoules">High end.</param>
/// <param name="Method">"ecologits", "ecologits+prefill" or "power-model": the <c>efficiencykit.energy.method</c> attribute.</param>
public readonly record struct EnergyRange(double MinJoules, double MaxJoules, string Method);
