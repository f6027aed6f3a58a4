using System.Collections.Generic;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>What a collection left on disk (the folder: timeline.jsonl and trace.NNN.nettrace chunks) and how it ended.</summary>
public sealed record CollectionResult(
    string Directory,
    int ProcessId,
    int? TargetExitCode,
    string? TargetOutput,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Collection stopped because --duration ended or it was cancelled (Ctrl+C), not because the target ended.</summary>
    public bool StoppedByRequest { get; init; }

    /// <summary>The launched target was still running when collection stopped, and the tool ended it.</summary>
    public bool TargetTerminated { get; init; }
}
