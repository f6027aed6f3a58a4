using System.Text.Json;
using EfficiencyKit.EndToEnd.Tests.Infrastructure;

namespace EfficiencyKit.EndToEnd.Tests;

/// <summary>
/// Energy budgets as users run them: <c>dotnet-energy baseline</c> on the profiler workload's fixed-work pipeline
/// (Sites.Encode does factor × 10 M square roots), an unchanged <c>check</c>, a <c>check</c> of a 2× Encode, and the
/// MSBuild gate turning that result into an error at Encode's line.
/// </summary>
[Collection(ConsumerCollection.Name)]
public sealed class EnergyBudgetTests : IDisposable
{
    private static readonly string s_workloadSource = Path.Combine(Path.GetDirectoryName(PackagedArtifacts.WorkloadPath)!, "..", "..", "..", "Program.cs");
    private readonly string _directory = Directory.CreateTempSubdirectory("ek-budget-e2e-").FullName;

    [Fact]
    public async Task A_doubled_call_site_fails_the_check_and_the_build_at_its_line_while_an_unchanged_run_passes()
    {
        var budget = Path.Combine(_directory, "energy-budget.json");
        string[] rollUp = ["--roll-up", "Sites.SquareRoots", "Sites.Measure"];
        var baseline = await ToolAsync(["baseline", "--budget", budget, "--scenario", "pipeline", "--runs", "5", .. rollUp, "--", "dotnet", PackagedArtifacts.WorkloadPath, "budget", "1"]);
        Assert.True(baseline.Succeeded, baseline.ToString());
        Assert.Contains("Sites.Encode", File.ReadAllText(budget), StringComparison.Ordinal);

        var unchanged = await ToolAsync(["check", "--budget", budget, .. rollUp]);
        Assert.True(unchanged.Succeeded, unchanged.ToString());
        Assert.Contains("Energy budget check passed.", unchanged.Output, StringComparison.Ordinal);

        var result = Path.Combine(_directory, "energy-check.json");
        var sarif = Path.Combine(_directory, "energy.sarif");
        var doubled = await ToolAsync(["check", "--budget", budget, "--scenario", "pipeline", "--result", result, "--sarif", sarif, .. rollUp, "--", "dotnet", PackagedArtifacts.WorkloadPath, "budget", "2"]);
        Assert.Equal(1, doubled.ExitCode);
        var encodeLine = File.ReadAllLines(s_workloadSource).Select((text, index) => (text, index)).Single(l => l.text.Contains("private static void Encode(", StringComparison.Ordinal)).index + 1;
        var error = Assert.Single(doubled.Diagnostics, d => d.Id == "EKB200");
        Assert.Equal(("Program.cs", encodeLine), (Path.GetFileName(error.File), error.Line));
        Assert.StartsWith("Sites.Encode(float64)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(doubled.Diagnostics, d => d.Message.StartsWith("Sites.Rank", StringComparison.Ordinal));
        using (var sarifDocument = JsonDocument.Parse(File.ReadAllText(sarif)))
        {
            Assert.Contains(sarifDocument.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray(), r => r.GetProperty("ruleId").GetString() == "EKB200");
        }

        using var app = new ModelConsumer(string.Empty, "Console.WriteLine(\"triage\");");
        var gated = await app.BuildAsync($"-p:EfficiencyKitEnergyCheckResult={result}");
        var warned = await app.BuildAsync($"-p:EfficiencyKitEnergyCheckResult={result}", "-p:EfficiencyKitEnergyCheckAsWarning=true");

        Assert.False(gated.Succeeded, gated.ToString());
        var gate = Assert.Single(gated.WithId("EKB200"));
        Assert.Equal(("error", Path.GetFullPath(s_workloadSource), encodeLine), (gate.Severity, gate.File, gate.Line));
        Assert.Contains("uses more energy than its budget in scenario 'pipeline'", gate.Message, StringComparison.Ordinal);
        Assert.True(warned.Succeeded, warned.ToString());
        Assert.Equal("warning", Assert.Single(warned.WithId("EKB200")).Severity);
    }

    [Fact]
    public async Task A_malformed_budget_is_an_error_naming_the_file_and_the_field()
    {
        var budget = Path.Combine(_directory, "energy-budget.json");
        File.WriteAllText(budget, """{ "schema": "efficiencykit.energy-budget/v2", "scenarios": [ { "name": "pipeline", "command": ["dotnet"], "runs": 5 } ] }""");

        var check = await ToolAsync(["check", "--budget", budget]);

        Assert.Equal(3, check.ExitCode);
        Assert.Contains($"error: {budget}: scenarios[0].source is missing.", check.Output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task<BuildResult> ToolAsync(string[] arguments) => DotNetCli.RunAsync(_directory, [PackagedArtifacts.ToolPath, .. arguments]);
}
