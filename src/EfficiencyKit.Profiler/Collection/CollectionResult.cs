using System.Collections.Generic;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>What a collection left on disk and how it ended.</summary>
public sealed record CollectionResult(
    string Directory,
    string TracePath,
    string TimelinePath,
    int ProcessId,
    int? TargetExitCode,
    string? TargetOutput,
    IReadOnlyList<string> Warnings);
