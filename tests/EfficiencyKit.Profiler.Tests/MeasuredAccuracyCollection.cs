namespace EfficiencyKit.Profiler.Tests;

/// <summary>
/// Tests that compare the profiler with a workload's own CPU clocks run alone: other test classes running beside them
/// starved the collector's polls for up to a second in CI, and a busy machine is not what they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAccuracyCollection
{
    public const string Name = "Measured accuracy";
}
