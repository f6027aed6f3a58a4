namespace EfficiencyKit.Profiler.Reports;

/// <summary>
/// Process energy that no call site receives, named for why: the profiler's own EventPipe threads (overhead),
/// runtime threads (JIT, GC), threads that exited, native threads outside any inference call, threads with CPU
/// but no samples.
/// </summary>
public sealed record EnergyBucket(string Name, string Kind, double Joules, double CpuSeconds, string Reason);
