using System.Globalization;
using System.Text.Json.Serialization;

namespace EfficiencyKit.Profiler.Reports;

/// <summary>The profiled process, and how a launched one ended.</summary>
public sealed record ReportTarget(int ProcessId, string Name)
{
    /// <summary>The exit code of a launched target that ended on its own (on Linux 128 + N when signal N killed it); null when attached, or ended by the tool.</summary>
    public int? ExitCode { get; init; }

    /// <summary>How the run ended, in words ("exited with code 3"); null when unknown (an attached process, a re-attributed collection).</summary>
    public string? Outcome { get; init; }

    /// <summary>Whether the target ended on its own with a failure (a non-zero exit code or a signal).</summary>
    [JsonIgnore]
    public bool Failed => ExitCode is { } code && code != 0;

    /// <summary>This target with the outcome of a launched run.</summary>
    public ReportTarget WithOutcome(int? exitCode, bool terminatedByTool) => this with
    {
        ExitCode = exitCode,
        Outcome = exitCode switch
        {
            null when terminatedByTool => "still running when collection stopped (--duration or Ctrl+C); ended by dotnet-energy",
            null => null,
            0 => "exited with code 0",
            > 128 and < 128 + 65 => string.Create(CultureInfo.InvariantCulture, $"exited with code {exitCode}: killed by signal {exitCode - 128}{SignalName(exitCode.Value - 128)}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"exited with code {exitCode}"),
        },
    };

    private static string SignalName(int signal) => signal switch
    {
        2 => " (SIGINT)",
        6 => " (SIGABRT: an unhandled exception or Environment.FailFast)",
        9 => " (SIGKILL)",
        11 => " (SIGSEGV)",
        15 => " (SIGTERM)",
        _ => string.Empty,
    };
}
