using System;
using EfficiencyKit.Energy;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>How a collection runs and where it is written.</summary>
public sealed record CollectionOptions
{
    /// <summary>Folder that receives the trace chunks (<c>trace.NNN.nettrace</c>) and <c>timeline.jsonl</c>; created if missing.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Stop after this long; null: until the target exits or the token is cancelled.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>
    /// Length of one EventPipe session (trace chunk). Each chunk ends with the runtime's rundown, so a collection
    /// that is cut off (tool killed, machine lost) keeps named frames for every completed chunk.
    /// </summary>
    public TimeSpan ChunkDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often thread CPU and energy are polled (the attribution sub-window).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// EventPipe's stack sampling interval for launched targets (DOTNET_EventPipeThreadSamplingRate, .NET 10.0.x
    /// servicing and later). The runtime default is 1 ms, which suspends every managed thread 1000 times a
    /// second; 10 ms costs a fifth of that and is plenty for joule attribution. Ignored when attaching.
    /// </summary>
    public int SamplingIntervalMilliseconds { get; init; } = 10;

    /// <summary>
    /// The share of the target's throughput stack sampling may cost (0.02 = 2%). Each sample walks every thread, so a
    /// target with many threads is sampled in windows covering only part of the time (<see cref="SamplingSchedule"/>);
    /// 1 (or more) samples all the time, whatever it costs, inside the trace chunks' own sessions.
    /// </summary>
    public double OverheadBudget { get; init; } = 0.02;

    /// <summary>No budget: stacks are sampled in the chunks' sessions, all the time, as before sampling windows existed.</summary>
    public bool SamplesInChunks => OverheadBudget >= 1;

    public EnergyMeterOptions Energy { get; init; } = new();

    /// <summary>Capture the launched target's stdout/stderr instead of passing them through (tests, quiet runs).</summary>
    public bool CaptureTargetOutput { get; init; }

    public IProgress<CollectionProgress>? Progress { get; init; }

    /// <summary>
    /// The signal (Linux number: 2 SIGINT, 15 SIGTERM) to forward to a launched target when the collection is
    /// cancelled, read at that moment; null forwards SIGINT. The target runs in its own session, so a terminal's Ctrl+C
    /// reaches only the tool, which stops the trace with its rundown first and then passes the signal on.
    /// </summary>
    public Func<int>? InterruptSignal { get; init; }
}
