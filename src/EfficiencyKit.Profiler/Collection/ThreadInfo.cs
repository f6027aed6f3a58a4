using System;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>
/// An OS thread of the target as /proc shows it: TID (equal to EventPipe's thread id on Linux), name (comm),
/// and when it started (UTC, at the kernel's 10 ms resolution) if known.
/// </summary>
public sealed record ThreadInfo(int ThreadId, string Name, DateTime? StartUtc = null);
