using System.Collections.Generic;

namespace EfficiencyKit.Profiler.Analysis;

/// <summary>A distinct stack (leaf first) and the joules billed to samples with exactly that stack.</summary>
public sealed record WeightedStack(IReadOnlyList<FrameInfo> Frames, double Joules);
