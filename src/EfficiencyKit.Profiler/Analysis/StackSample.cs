using System.Collections.Generic;

namespace EfficiencyKit.Profiler.Analysis;

/// <summary>One EventPipe stack sample: when (UTC ticks), which OS thread, and its frames as indexes into the frame table, leaf first.</summary>
public sealed record StackSample(long UtcTicks, int ThreadId, IReadOnlyList<int> Frames);
