using System.Globalization;
using System.Text.RegularExpressions;

namespace EfficiencyKit.EndToEnd.Tests.Infrastructure;

/// <summary>The exit code and output of a <c>dotnet</c> command, with MSBuild diagnostics parsed out.</summary>
/// <param name="exitCode">The process's exit code.</param>
/// <param name="output">Standard output followed by standard error.</param>
/// <param name="standardOutput">Standard output alone.</param>
public sealed partial class BuildResult(int exitCode, string output, string standardOutput)
{
    public int ExitCode { get; } = exitCode;

    public string Output { get; } = output;

    /// <summary>Standard output alone: what a user's <c>&gt; report.json</c> would hold.</summary>
    public string StandardOutput { get; } = standardOutput;

    public bool Succeeded => ExitCode == 0;

    public IReadOnlyList<BuildDiagnostic> Diagnostics { get; } = Parse(output);

    public IEnumerable<BuildDiagnostic> WithId(string id) => Diagnostics.Where(d => d.Id == id);

    public override string ToString() => $"exit code {ExitCode}\n{Output}";

    private static List<BuildDiagnostic> Parse(string output) => DiagnosticLine().Matches(output)
        .Select(match => new BuildDiagnostic(
            match.Groups["file"].Value.Trim(),
            match.Groups["line"].Success ? int.Parse(match.Groups["line"].Value, CultureInfo.InvariantCulture) : 0,
            match.Groups["column"].Success ? int.Parse(match.Groups["column"].Value, CultureInfo.InvariantCulture) : 0,
            match.Groups["severity"].Value,
            match.Groups["id"].Value,
            match.Groups["message"].Value.Trim()))
        .Distinct()
        .ToList();

    // "file(line,column): severity ID: message [project]", "file(line): …" (dotnet-energy check), or "file : severity ID: message" for whole-file findings (line 0).
    [GeneratedRegex(@"^\s*(?<file>[^\r\n(:]+?)(?:\((?<line>\d+)(?:,(?<column>\d+))?\))?\s?: (?<severity>warning|error|info) (?<id>[A-Z]+\d+): (?<message>[^\r\n]*?)(?: \[[^\]\r\n]+\])?\r?$", RegexOptions.Multiline)]
    private static partial Regex DiagnosticLine();
}
