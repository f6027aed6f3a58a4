using EfficiencyKit.Profiler.Budgets;
using EfficiencyKit.Profiler.Reports;
using EfficiencyKit.Tests.Shared;
using Json.Schema;

namespace EfficiencyKit.Profiler.Tests;

/// <summary>
/// The budget (docs/schemas/energy-budget.schema.json) and the check result (energy-check.schema.json) as the real
/// writers produce them, from runs attributed from synthetic traces, against their documented schemas: a field
/// added, renamed or retyped on one side only fails here.
/// </summary>
public sealed class BudgetSchemaTests : IDisposable
{
    private static readonly JsonSchema s_budgetSchema = DocumentedSchema.Load("energy-budget.schema.json");
    private static readonly JsonSchema s_checkSchema = DocumentedSchema.Load("energy-check.schema.json");

    private readonly string _directory = Directory.CreateTempSubdirectory("ek-budget-schema-").FullName;

    [Fact]
    public void A_budget_with_and_without_a_functional_unit_validates()
    {
        var budget = new EnergyBudget(
            EnergyBudget.CurrentSchema,
            [
                BudgetBuilder.Build("per-run", ["dotnet", "app.dll"], Runs(encodeMs: 40), null, 0.2, 0.05),
                BudgetBuilder.Build("per-ticket", ["dotnet", "app.dll", "--tickets", "8"], Runs(encodeMs: 40), new FunctionalUnit("ticket", 8), 0.1, 0.05),
            ]);

        var json = Write(budget);

        // Both optional shapes of a call site are in the file: with a source line and without one.
        var sites = budget.Scenarios[0].CallSites;
        Assert.Contains(sites, s => s is { File: not null, Line: not null, CpuSamplesPerRun: not null });
        Assert.Contains(sites, s => s is { File: null, Line: null });
        DocumentedSchema.AssertValid(s_budgetSchema, json);
    }

    [Fact]
    public void A_check_result_with_regressions_new_call_sites_and_a_source_mismatch_validates()
    {
        var budget = BudgetBuilder.Build("pipeline", ["dotnet", "app.dll"], Runs(encodeMs: 40), new FunctionalUnit("request", 2), 0.2, 0.05);
        var regressed = BudgetChecker.Check(budget, Runs(encodeMs: 80, cacheMs: 20), 0.05);
        var otherSource = BudgetChecker.Check(
            budget,
            [.. Runs(encodeMs: 40).Select(run => run with { Source = new BudgetEnergySource("PowercapRapl", "measured", "CPU package 0") })],
            0.05);
        var result = new BudgetCheckResult(BudgetCheckResult.CurrentSchema, "energy-budget.json", false, [regressed, otherSource]);

        var path = Path.Combine(_directory, "energy-check.json");
        result.Write(path);
        var json = File.ReadAllText(path);

        // The optional and unusual parts are all there: a regressed total and site, a new site (ratio written as
        // the named literal "Infinity"), and a scenario never compared (sourceMismatch, no total).
        Assert.True(regressed.Total!.Regressed);
        Assert.Contains(regressed.CallSites, s => s.Regressed);
        Assert.Contains(regressed.NewCallSites, s => double.IsPositiveInfinity(s.Ratio));
        Assert.Contains("\"Infinity\"", json, StringComparison.Ordinal);
        Assert.NotNull(otherSource.SourceMismatch);
        Assert.Null(otherSource.Total);
        DocumentedSchema.AssertValid(s_checkSchema, json);
    }

    [Fact]
    public void The_validators_reject_budgets_and_results_that_break_their_schemas()
    {
        var budget = Write(new EnergyBudget(EnergyBudget.CurrentSchema, [BudgetBuilder.Build("s", ["app"], Runs(encodeMs: 40), null, 0.2, 0.05)]));
        var scenario = BudgetBuilder.Build("s", ["app"], Runs(encodeMs: 40), null, 0.2, 0.05);
        var path = Path.Combine(_directory, "check.json");
        new BudgetCheckResult(BudgetCheckResult.CurrentSchema, "b.json", true, [BudgetChecker.Check(scenario, Runs(encodeMs: 40), 0.05)]).Write(path);
        var check = File.ReadAllText(path);
        DocumentedSchema.AssertRejectsEdits(
            s_budgetSchema,
            budget,
            ("energy-budget/v2", "energy-budget/v3"),
            ("\"callSites\":", "\"call_sites\":"),
            ("\"origin\": \"modelled\"", "\"origin\": \"estimated\""),
            ("\"runs\": 5", "\"runs\": 4"));

        DocumentedSchema.AssertRejectsEdits(
            s_checkSchema,
            check,
            ("energy-check/v2", "energy-check/v3"),
            ("\"pValue\":", "\"p\":"),
            ("\"regressed\": false", "\"regressed\": \"no\""));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(EnergyBudget budget)
    {
        var path = Path.Combine(_directory, "energy-budget.json");
        EnergyBudgetJson.Write(budget, path);
        return File.ReadAllText(path);
    }

    /// <summary>
    /// Five runs of one second each, attributed from synthetic traces: App.Worker.Encode() (with a source line) and
    /// App.Worker.Rank() (without one) on threads of their own, App.Worker.Cache() on a third when given CPU.
    /// </summary>
    private static List<RunMeasurement> Runs(double encodeMs, double cacheMs = 0)
        => [.. Enumerable.Range(0, 5).Select(i =>
        {
            var trace = new SyntheticTrace(false, (1, "encode"), (2, "rank"), (3, "cache"));
            var encode = trace.Frame("App.Worker.Encode()", line: 20);
            var rank = trace.Frame("App.Worker.Rank()", file: null, line: null);
            var cache = trace.Frame("App.Worker.Cache()", line: 40);
            for (var step = 0; step < 10; step++)
            {
                var cpu = new Dictionary<int, double> { [1] = encodeMs + i, [2] = 30 + i, [3] = cacheMs };
                trace.Step(cpu, 0, cacheMs > 0 ? [(1, [encode]), (2, [rank]), (3, [cache])] : [(1, [encode]), (2, [rank])]);
            }

            return RunMeasurement.From(trace.Attribute()) with { SamplingIntervalSeconds = 0.01 };
        })];
}
