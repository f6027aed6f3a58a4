using System.Globalization;
using System.IO;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>The file names inside a collection folder.</summary>
public static class CollectionFiles
{
    public const string Timeline = "timeline.jsonl";
    public const string Report = "report.json";

    /// <summary>The method-load session's trace: every method the target jitted, with its code range and IL map.</summary>
    public const string MethodLoads = "methods.nettrace";

    /// <summary>The trace of EventPipe session <paramref name="index"/> (0, 1, …): trace.000.nettrace, trace.001.nettrace, …</summary>
    public static string TraceName(int index) => $"trace.{index.ToString("000", CultureInfo.InvariantCulture)}.nettrace";

    /// <summary>The folder of the stack-sampling sessions' traces.</summary>
    public const string SamplesFolder = "samples";

    /// <summary>The trace of sampling window <paramref name="index"/>: samples/0000.nettrace, samples/0001.nettrace, …</summary>
    public static string SamplesName(int index) => $"{SamplesFolder}/{index.ToString("0000", CultureInfo.InvariantCulture)}.nettrace";

    public static string TimelinePath(string directory) => Path.Combine(directory, Timeline);

    public static string ReportPath(string directory) => Path.Combine(directory, Report);
}
