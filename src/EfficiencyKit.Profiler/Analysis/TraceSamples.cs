using System.Collections.Generic;

namespace EfficiencyKit.Profiler.Analysis;

/// <summary>
/// The samples of a trace and the frames they point into; <see cref="EventsLost"/> as the runtime reported it;
/// <see cref="Warnings"/> about chunks that could not be read (they go into the report's notes).
/// </summary>
public sealed record TraceSamples(IReadOnlyList<StackSample> Samples, IReadOnlyList<FrameInfo> Frames, long EventsLost)
{
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The EfficiencyKit-AI operation events (none when the target does not use EfficiencyKit.Runtime).</summary>
    public IReadOnlyList<AiOperationEvent> AiEvents { get; init; } = [];

    /// <summary>Samples none of whose frames has a method name.</summary>
    public int UnnamedSamples { get; init; }
}
