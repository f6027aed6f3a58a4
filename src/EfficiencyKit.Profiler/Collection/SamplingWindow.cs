using System;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>
/// One stack-sampling EventPipe session's trace file (relative to the collection folder), from when it was asked to
/// start to when it had stopped (null while it runs, or when the collection was cut off inside it). Between windows
/// no stacks are sampled: the attributor bills those moments from the nearest window.
/// </summary>
public sealed record SamplingWindow(string File, DateTime StartUtc, DateTime? EndUtc);
