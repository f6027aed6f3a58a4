using System.Collections.Generic;

namespace EfficiencyKit.Profiler.Analysis;

/// <summary>The samples of a trace and the frames they point into; <see cref="EventsLost"/> as the runtime reported it.</summary>
public sealed record TraceSamples(IReadOnlyList<StackSample> Samples, IReadOnlyList<FrameInfo> Frames, long EventsLost);
