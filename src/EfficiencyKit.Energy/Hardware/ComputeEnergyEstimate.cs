namespace EfficiencyKit.Energy.Hardware;

/// <summary>
/// Modelled energy of a piece of work on a <see cref="HardwareProfile"/>: never a measurement. The range is the
/// profile's stated uncertainty, with the reasons in <see cref="Basis"/>.
/// </summary>
/// <param name="Profile">Name of the hardware profile.</param>
/// <param name="Seconds">Modelled time (roofline: each operation bound by compute or memory, whichever is slower).</param>
/// <param name="Joules">Best estimate.</param>
/// <param name="MinJoules">Low end of the range.</param>
/// <param name="MaxJoules">High end of the range.</param>
/// <param name="Basis">How the figure was made and why it is uncertain.</param>
public sealed record ComputeEnergyEstimate(string Profile, double Seconds, double Joules, double MinJoules, double MaxJoules, string Basis)
{
    /// <summary>Always <see cref="EnergyOrigin.Modelled"/>: this is an estimate, not a counter reading.</summary>
    public EnergyOrigin Origin => EnergyOrigin.Modelled;
}
