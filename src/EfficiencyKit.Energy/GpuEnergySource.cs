namespace EfficiencyKit.Energy;

/// <summary>Whether GPU energy is added (the <c>--gpu</c> option).</summary>
public enum GpuEnergySource
{
    /// <summary>NVML where a driver and a GPU with an energy counter exist, else none, with a note.</summary>
    Auto,

    /// <summary>NVML or an error.</summary>
    Nvml,

    /// <summary>No GPU energy.</summary>
    None,
}
