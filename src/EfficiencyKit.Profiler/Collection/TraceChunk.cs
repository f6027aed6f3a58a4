using System;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>
/// One EventPipe session's trace file (relative to the collection folder) and when it began. A chunk owns the
/// samples from its start to the next chunk's start: sessions overlap briefly so that no moment goes unsampled.
/// </summary>
public sealed record TraceChunk(string File, DateTime StartUtc);
