using System;
using System.IO;

namespace EfficiencyKit.Profiler.Analysis;

/// <summary>
/// What TraceEvent throws when a trace file ends inside a block or an event, as the file of a target that died
/// mid-write does: a plain <see cref="Exception"/> ("Read past end of stream"), or an I/O or format error. Anything
/// else is a bug and is not caught.
/// </summary>
internal static class TruncatedTrace
{
    public static bool Is(Exception exception) => exception.GetType() == typeof(Exception) || exception is IOException or FormatException;
}
