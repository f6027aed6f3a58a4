using System;
using System.Collections.Generic;

namespace EfficiencyKit.Energy;

/// <summary>
/// A machine-wide energy meter. <see cref="Read"/> returns joules accumulated since the meter was opened;
/// callers take differences between reads. Read at least once a minute: counters that wrap (RAPL) are
/// corrected for one wrap between reads, not several.
/// </summary>
public interface IEnergyMeter : IDisposable
{
    /// <summary>One description per source the meter combines (e.g. RAPL for the CPU and NVML for the GPUs).</summary>
    IReadOnlyList<EnergySourceDescription> Sources { get; }

    /// <summary>Cumulative joules per domain since the meter opened.</summary>
    EnergySample Read();
}
