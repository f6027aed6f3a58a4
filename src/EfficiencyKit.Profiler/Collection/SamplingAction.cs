namespace EfficiencyKit.Profiler.Collection;

/// <summary>What <see cref="SamplingSchedule.Next"/> asks the collector to do with the sampling window.</summary>
internal enum SamplingAction
{
    None,
    Start,
    Stop,
}
