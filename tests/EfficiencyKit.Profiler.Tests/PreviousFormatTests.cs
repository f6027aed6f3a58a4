using EfficiencyKit.Profiler.Budgets;
using EfficiencyKit.Profiler.Reports;
using EfficiencyKit.Tests.Shared;

namespace EfficiencyKit.Profiler.Tests;

/// <summary>
/// A v1 report (<c>"schemaVersion": 1</c>) and a v1 budget, as the writers wrote them before v2, read as their v2
/// twins after one warning naming the file; any other version is refused with the input error, naming the file.
/// </summary>
public sealed class PreviousFormatTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ek-previous-format-").FullName;

    [Fact]
    public void A_v1_report_reads_as_its_v2_twin_after_one_warning()
    {
        var warnings = new List<string>();
        var v1 = EnergyReportJson.Read(ContractFixtures.Path("energy-report.v1.json"), warnings.Add);
        var twinWarnings = new List<string>();
        var v2 = EnergyReportJson.Read(ContractFixtures.Path("energy-report.v2.json"), twinWarnings.Add);

        Assert.Equal(EnergyReportJson.Serialize(v2), EnergyReportJson.Serialize(v1));
        Assert.Equal(ContractSchemas.EnergyReport, v1.Schema);
        Assert.NotEmpty(v1.CallSites);
        AssertOneWarning(warnings, "energy-report.v1.json", "efficiencykit.energy-report/v2");
        Assert.Empty(twinWarnings);
        ReportSchemaTests.AssertValid(File.ReadAllText(ContractFixtures.Path("energy-report.v2.json")));
    }

    [Fact]
    public void A_v1_budget_reads_as_its_v2_twin_after_one_warning_and_is_written_back_as_v2()
    {
        var warnings = new List<string>();
        var v1 = EnergyBudgetJson.Read(ContractFixtures.Path("energy-budget.v1.json"), warnings.Add);
        var twinWarnings = new List<string>();
        var v2 = EnergyBudgetJson.Read(ContractFixtures.Path("energy-budget.v2.json"), twinWarnings.Add);

        Assert.Equal(Written(v2, "v2.json"), Written(v1, "v1.json"));
        Assert.Contains("\"schema\": \"efficiencykit.energy-budget/v2\"", Written(v1, "again.json"), StringComparison.Ordinal);
        AssertOneWarning(warnings, "energy-budget.v1.json", "efficiencykit.energy-budget/v2");
        Assert.Empty(twinWarnings);
        DocumentedSchema.AssertValid(DocumentedSchema.Load("energy-budget.schema.json"), File.ReadAllText(ContractFixtures.Path("energy-budget.v2.json")));
    }

    [Fact]
    public void A_later_report_version_is_refused_naming_the_file()
    {
        var path = Path.Combine(_directory, "report.json");
        File.WriteAllText(path, File.ReadAllText(ContractFixtures.Path("energy-report.v2.json")).Replace("energy-report/v2", "energy-report/v3", StringComparison.Ordinal));

        var error = Assert.Throws<ProfilerException>(() => EnergyReportJson.Read(path));

        Assert.Equal(ProfilerErrorKind.Input, error.Kind);
        Assert.Equal($"{path} is efficiencykit.energy-report/v3, which this version of EfficiencyKit cannot read (it reads efficiencykit.energy-report/v2 and efficiencykit.energy-report/v1): regenerate the file with this version, or update EfficiencyKit.", error.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static void AssertOneWarning(List<string> warnings, string fixture, string current)
    {
        var warning = Assert.Single(warnings);
        Assert.Contains(fixture, warning, StringComparison.Ordinal);
        Assert.Contains($"regenerate the file to write {current}", warning, StringComparison.Ordinal);
    }

    private string Written(EnergyBudget budget, string name)
    {
        var path = Path.Combine(_directory, name);
        EnergyBudgetJson.Write(budget, path);
        return File.ReadAllText(path);
    }
}
