using System;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>Live figures while collecting: elapsed time, machine joules so far, the target's CPU seconds, trace size.</summary>
public sealed record CollectionProgress(TimeSpan Elapsed, double MachineJoules, double ProcessCpuSeconds, long TraceBytes);
