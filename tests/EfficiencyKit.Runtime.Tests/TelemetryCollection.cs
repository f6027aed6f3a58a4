namespace EfficiencyKit.Runtime.Tests;

/// <summary>
/// Event and metric listeners are process-wide: a listener in one test enables the instrumentation for all. The
/// tests that listen, and the one that checks nothing is allocated without a listener, run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "AI telemetry";
}
