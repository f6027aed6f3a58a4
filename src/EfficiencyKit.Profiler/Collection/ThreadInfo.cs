namespace EfficiencyKit.Profiler.Collection;

/// <summary>An OS thread of the target as /proc shows it: TID (equal to EventPipe's thread id on Linux) and name (comm).</summary>
public sealed record ThreadInfo(int ThreadId, string Name);
