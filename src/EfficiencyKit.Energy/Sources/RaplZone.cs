namespace EfficiencyKit.Energy.Sources;

/// <summary>A powercap zone we read: its sysfs directory, our domain name for it, and its counter range.</summary>
internal sealed class RaplZone(string directory, string domain, ulong maxEnergyRangeMicrojoules, ulong initialMicrojoules)
{
    public string Directory { get; } = directory;

    public string Domain { get; } = domain;

    public ulong MaxEnergyRangeMicrojoules { get; } = maxEnergyRangeMicrojoules;

    public ulong LastMicrojoules { get; private set; } = initialMicrojoules;

    public double AccumulatedMicrojoules { get; private set; }

    /// <summary>Adds the energy since the last reading, correcting for one wrap of the counter past max_energy_range_uj.</summary>
    public void Advance(ulong microjoules)
    {
        var delta = microjoules >= LastMicrojoules
            ? microjoules - LastMicrojoules
            : MaxEnergyRangeMicrojoules - LastMicrojoules + microjoules;
        AccumulatedMicrojoules += delta;
        LastMicrojoules = microjoules;
    }
}
