using System.Collections.Generic;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>
/// One poll during collection: when (UTC ticks, comparable with EventPipe event times), the target's CPU
/// (whole process and per live thread, nanoseconds), the machine's busy CPU time, and the energy meter's
/// cumulative joules per domain (in the order of <see cref="CollectionTimeline.Domains"/>).
/// </summary>
public sealed record TimelinePoint(
    long UtcTicks,
    long ProcessCpuNanoseconds,
    long MachineBusyNanoseconds,
    IReadOnlyList<double> DomainJoules,
    IReadOnlyDictionary<int, long> ThreadCpuNanoseconds);
