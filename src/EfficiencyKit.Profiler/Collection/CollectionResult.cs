using System.Collections.Generic;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>What a collection left on disk (the folder: timeline.jsonl and trace.NNN.nettrace chunks) and how it ended.</summary>
public sealed record CollectionResult(
    string Directory,
    int ProcessId,
    int? TargetExitCode,
    string? TargetOutput,
    IReadOnlyList<string> Warnings);
