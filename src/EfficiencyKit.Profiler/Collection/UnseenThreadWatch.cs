using System;
using System.Collections.Generic;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>
/// Tells the sampling schedule when a thread that no sampling window has seen starts using CPU: every thread alive
/// while a window is open has been seen (the sampler walks all managed threads; native ones are never sampled, and
/// are billed through the managed callers a window saw).
/// </summary>
internal sealed class UnseenThreadWatch
{
    /// <summary>A thread counts as busy from a quarter of one CPU over a poll, as a site's thread does, not a runtime thread's start-up.</summary>
    private const double BusyShare = 0.25;

    private readonly HashSet<int> _seen = [];
    private readonly Dictionary<int, long> _previous = [];
    private readonly long _busyNanoseconds;

    public UnseenThreadWatch(TimeSpan pollInterval) => _busyNanoseconds = (long)(pollInterval.Ticks * 100 * BusyShare);

    /// <summary>Takes one poll's CPU per thread; true when a thread no window has seen used a busy share of the poll.</summary>
    public bool Update(IReadOnlyDictionary<int, long> threadCpu, bool windowOpen)
    {
        var unseenBusy = false;
        foreach (var (tid, cpu) in threadCpu)
        {
            if (windowOpen)
            {
                _seen.Add(tid);
            }
            else if (!_seen.Contains(tid) && cpu - _previous.GetValueOrDefault(tid) >= _busyNanoseconds)
            {
                unseenBusy = true;
            }
        }

        _previous.Clear();
        foreach (var (tid, cpu) in threadCpu)
        {
            _previous[tid] = cpu;
        }

        return unseenBusy;
    }
}
