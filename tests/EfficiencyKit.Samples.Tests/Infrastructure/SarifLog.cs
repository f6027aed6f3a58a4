using System.Text.Json;

namespace EfficiencyKit.Samples.Tests.Infrastructure;

/// <summary>The results of a SARIF 2.1 log as the C# compiler writes it (ErrorLog).</summary>
internal sealed class SarifLog(IReadOnlyList<SarifResult> results)
{
    public static SarifLog Empty { get; } = new([]);

    public IReadOnlyList<SarifResult> Results { get; } = results;

    public static SarifLog Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var results = new List<SarifResult>();
        foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
        {
            foreach (var result in run.GetProperty("results").EnumerateArray())
            {
                var location = result.GetProperty("locations").EnumerateArray().First().GetProperty("physicalLocation");
                results.Add(new SarifResult(
                    result.GetProperty("ruleId").GetString()!,
                    result.TryGetProperty("level", out var level) ? level.GetString()! : "warning",
                    Path.GetFileName(location.GetProperty("artifactLocation").GetProperty("uri").GetString()!),
                    location.GetProperty("region").GetProperty("startLine").GetInt32()));
            }
        }

        return new SarifLog(results);
    }

    /// <summary>"EK1001 warning Embedder.cs" for each EfficiencyKit result, sorted: what a test compares.</summary>
    public IEnumerable<string> EfficiencyKitFindings() => Results
        .Where(result => result.RuleId.StartsWith("EK", System.StringComparison.Ordinal))
        .Select(result => $"{result.RuleId} {result.Level} {result.File}")
        .Order();
}
