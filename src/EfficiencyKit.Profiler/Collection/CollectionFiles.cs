using System.IO;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>The file names inside a collection folder.</summary>
public static class CollectionFiles
{
    public const string Trace = "trace.nettrace";
    public const string Timeline = "timeline.jsonl";
    public const string Report = "report.json";

    public static string TracePath(string directory) => Path.Combine(directory, Trace);

    public static string TimelinePath(string directory) => Path.Combine(directory, Timeline);

    public static string ReportPath(string directory) => Path.Combine(directory, Report);
}
