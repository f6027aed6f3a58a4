using System;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace EfficiencyKit.Profiler.Budgets;

/// <summary>
/// Writes a check's regressions as SARIF 2.1.0 for code-scanning UIs: one result (rule EKB200) per regressed call
/// site at its file and line, one (EKB201) per scenario whose total regressed, one (EKB202) per energy-source mismatch.
/// </summary>
public static class SarifWriter
{
    public const string RegressedCallSite = "EKB200";
    public const string RegressedScenario = "EKB201";
    public const string SourceMismatch = "EKB202";

    public static void Write(BudgetCheckResult result, string path)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "dotnet-energy");
        json.WriteString("informationUri", "https://github.com/EfficiencyKit/EfficiencyKit/blob/main/docs/budgets.md");
        json.WriteStartArray("rules");
        Rule(json, RegressedCallSite, "A call site uses more energy than its budget allows");
        Rule(json, RegressedScenario, "A scenario uses more energy than its budget allows");
        Rule(json, SourceMismatch, "The runs were measured with another energy source than the budget");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartArray("results");
        foreach (var scenario in result.Scenarios)
        {
            if (scenario.SourceMismatch is { } mismatch)
            {
                Result(json, SourceMismatch, $"Scenario '{scenario.Scenario}': {mismatch}", null, null);
            }

            if (scenario.Total is { Regressed: true } total)
            {
                Result(json, RegressedScenario, $"Scenario '{scenario.Scenario}': {total.Summary}", null, null);
            }

            foreach (var site in scenario.CallSites.Where(s => s.Regressed))
            {
                Result(json, RegressedCallSite, $"{site.Name} in scenario '{scenario.Scenario}': {site.Summary}", site.File, site.Line);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Rule(Utf8JsonWriter json, string id, string description)
    {
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteStartObject("shortDescription");
        json.WriteString("text", description);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Result(Utf8JsonWriter json, string rule, string message, string? file, int? line)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", rule);
        json.WriteString("level", "error");
        json.WriteStartObject("message");
        json.WriteString("text", message);
        json.WriteEndObject();
        if (file is not null)
        {
            json.WriteStartArray("locations");
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            json.WriteString("uri", new Uri(Path.GetFullPath(file)).AbsoluteUri);
            json.WriteEndObject();
            if (line is > 0)
            {
                json.WriteStartObject("region");
                json.WriteNumber("startLine", line.Value);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteEndObject();
    }
}
