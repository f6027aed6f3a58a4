using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using EfficiencyKit.Profiler.Reports;
using Json.Schema;

namespace EfficiencyKit.Profiler.Tests;

/// <summary>The JSON report against its documented schema (docs/schemas/energy-report.schema.json).</summary>
public sealed class ReportSchemaTests
{
    private static readonly string s_schemaPath = Path.Combine(
        typeof(ReportSchemaTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!,
        "docs", "schemas", "energy-report.schema.json");

    // Built once: JsonSchema.Net registers a schema under its $id globally and refuses a second registration.
    private static readonly JsonSchema s_schema = JsonSchema.FromText(File.ReadAllText(s_schemaPath));

    [Fact]
    public void A_report_with_call_sites_and_every_kind_of_bucket_validates()
    {
        var trace = new SyntheticTrace(false, (1, "worker"), (5, ".NET EventPipe"), (6, ".NET Tiered Com"));
        var site = trace.Frame("App.Worker.Run()", line: 9);
        var framework = trace.Frame("System.GC.Collect()", module: "System.Private.CoreLib", file: null, line: null);
        trace.Thread(7, "app");
        for (var i = 0; i < 10; i++)
        {
            trace.Step(Cpu((1, 50), (5, 2), (6, 3), (7, 10)), 0, (1, [site]), (1, [framework]));
        }

        trace.AddProcessCpuOnly(20);
        trace.Step(Cpu((1, 50)));

        var report = trace.Attribute();

        Assert.Equal(["exited", "native", "overhead", "runtime", "unsampled"], report.Buckets.Select(b => b.Kind).Distinct().Order());
        AssertValid(EnergyReportJson.Serialize(report));
    }

    [Fact]
    public void The_validator_rejects_reports_that_break_the_schema()
    {
        var json = EnergyReportJson.Serialize(new SyntheticTrace(false, (1, "worker")).Attribute());
        Assert.Empty(Validate(json));

        foreach (var broken in new[]
                 {
                     json.Replace("\"schemaVersion\": 1", "\"schemaVersion\": 2", System.StringComparison.Ordinal),
                     json.Replace("\"energyOrigin\": \"modelled\"", "\"energyOrigin\": \"estimated\"", System.StringComparison.Ordinal),
                     json.Replace("\"notes\":", "\"remarks\":", System.StringComparison.Ordinal),
                     json.Replace("\"startUtc\": \"", "\"startUtc\": \"yesterday ", System.StringComparison.Ordinal),
                 })
        {
            Assert.NotEmpty(Validate(broken));
        }
    }

    internal static void AssertValid(string json)
    {
        var errors = Validate(json);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>JsonSchema.Net's 2020-12 evaluation, formats (date-time) asserted, as "path: error" lines.</summary>
    private static List<string> Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        var results = s_schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }

    private static System.Collections.Generic.Dictionary<int, double> Cpu(params (int Tid, double Ms)[] threads) => threads.ToDictionary(t => t.Tid, t => t.Ms);
}
