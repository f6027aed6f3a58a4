using EfficiencyKit.Profiler.Reports;
using EfficiencyKit.Tests.Shared;
using Json.Schema;

namespace EfficiencyKit.Profiler.Tests;

/// <summary>The JSON report against its documented schema (docs/schemas/energy-report.schema.json).</summary>
public sealed class ReportSchemaTests
{
    private static readonly JsonSchema s_schema = DocumentedSchema.Load("energy-report.schema.json");

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
                     json.Replace("energy-report/v2", "energy-report/v3", System.StringComparison.Ordinal),
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

    private static List<string> Validate(string json) => DocumentedSchema.Errors(s_schema, json);

    private static System.Collections.Generic.Dictionary<int, double> Cpu(params (int Tid, double Ms)[] threads) => threads.ToDictionary(t => t.Tid, t => t.Ms);
}
