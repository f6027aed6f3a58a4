using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// The rule severities of one of the SDK's AnalysisMode global configs (<c>analysislevel_10_recommended.globalconfig</c>):
/// its <c>dotnet_diagnostic.ID.severity = …</c> lines, which a build with that AnalysisMode applies over each rule's default.
/// </summary>
internal static partial class AnalysisModeSeverities
{
    public static IReadOnlyDictionary<string, ReportDiagnostic> Read(string path)
    {
        var severities = new Dictionary<string, ReportDiagnostic>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            if (SeverityLine().Match(line) is { Success: true } match)
            {
                severities[match.Groups["id"].Value] = match.Groups["severity"].Value switch
                {
                    "error" => ReportDiagnostic.Error,
                    "warning" => ReportDiagnostic.Warn,
                    "suggestion" => ReportDiagnostic.Info,
                    "silent" => ReportDiagnostic.Hidden,
                    "none" => ReportDiagnostic.Suppress,
                    var other => throw new InvalidDataException($"{path}: unknown severity '{other}' in '{line.Trim()}'."),
                };
            }
        }

        return severities;
    }

    [GeneratedRegex(@"^\s*dotnet_diagnostic\.(?<id>[A-Za-z0-9]+)\.severity\s*=\s*(?<severity>\w+)\s*$")]
    private static partial Regex SeverityLine();
}
