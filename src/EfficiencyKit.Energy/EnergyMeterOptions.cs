namespace EfficiencyKit.Energy;

/// <summary>How <see cref="EnergyMeters.Open(EnergyMeterOptions)"/> chooses and configures sources. Paths are for tests and unusual mounts.</summary>
public sealed record EnergyMeterOptions
{
    public CpuEnergySource Cpu { get; init; } = CpuEnergySource.Auto;

    public GpuEnergySource Gpu { get; init; } = GpuEnergySource.Auto;

    public PowerModelConstants PowerModel { get; init; } = PowerModelConstants.CloudCarbonFootprint;

    public string PowercapRoot { get; init; } = Sources.PowercapRaplMeter.DefaultRoot;

    public string ProcRoot { get; init; } = "/proc";
}
