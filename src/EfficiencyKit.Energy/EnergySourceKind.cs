namespace EfficiencyKit.Energy;

/// <summary>Where joules come from.</summary>
public enum EnergySourceKind
{
    /// <summary>Linux powercap RAPL counters (<c>/sys/class/powercap/intel-rapl:*</c>): CPU package and DRAM, or platform (psys).</summary>
    PowercapRapl,

    /// <summary>NVIDIA GPUs through NVML's total-energy counter (<c>nvmlDeviceGetTotalEnergyConsumption</c>, Volta and newer).</summary>
    Nvml,

    /// <summary>The per-vCPU linear power model driven by <c>/proc/stat</c> (see <see cref="PowerModelConstants"/>).</summary>
    PowerModel,
}
