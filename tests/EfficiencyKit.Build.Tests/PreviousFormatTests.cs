using EfficiencyKit.Tests.Shared;

namespace EfficiencyKit.Build.Tests;

/// <summary>
/// Files the tasks read in their v1 format (a models manifest an older EfficiencyKit left in obj/, a check result
/// from an older dotnet-energy) give the diagnostics of their v2 twins plus one EKB103 warning naming the file;
/// any other version is refused with an error naming the file.
/// </summary>
public sealed class PreviousFormatTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ek-previous-format-").FullName;

    [Fact]
    public void A_v1_manifest_gives_the_budget_diagnostics_of_its_v2_twin_and_one_warning()
    {
        var (v1, v1Warnings) = CheckBudgets(ContractFixtures.Path("models-manifest.v1.json"));
        var (v2, v2Warnings) = CheckBudgets(ContractFixtures.Path("models-manifest.v2.json"));

        // The model and its quantized copy over both budgets, the other model (no joules: its cost is unknown) over the
        // size budget and fp32 without a copy: every figure the check reads is in them.
        Assert.Empty(v2);
        Assert.Equal(["EKB010", "EKB010", "EKB011", "EKB011", "EKB011", "EKB012"], v2Warnings.Select(w => w.Split(' ')[0]).Order());
        Assert.Equal(v2, v1);
        AssertOneWarning(v1Warnings, v2Warnings, "models-manifest.v1.json", "efficiencykit.models-manifest/v2");
    }

    [Fact]
    public void A_v1_check_result_gives_the_gate_diagnostics_of_its_v2_twin_and_one_warning()
    {
        var (v1, v1Warnings) = Gate(ContractFixtures.Path("energy-check.v1.json"));
        var (v2, v2Warnings) = Gate(ContractFixtures.Path("energy-check.v2.json"));

        Assert.Equal(["EKB200", "EKB201", "EKB202"], v2.Select(e => e.Split(':')[0]).Order());
        Assert.Equal(v2, v1);
        AssertOneWarning(v1Warnings, v2Warnings, "energy-check.v1.json", "efficiencykit.energy-check/v2");
    }

    [Fact]
    public void A_later_version_is_refused_naming_the_file_and_its_schema()
    {
        var manifest = Later("models-manifest");
        var result = Later("energy-check");

        Assert.Equal([$"EKB100: {manifest} is efficiencykit.models-manifest/v3, which this version of EfficiencyKit cannot read (it reads efficiencykit.models-manifest/v2 and efficiencykit.models-manifest/v1): regenerate the file with this version, or update EfficiencyKit."], CheckBudgets(manifest).Errors);
        Assert.Equal([$"EKB100: {result} is efficiencykit.energy-check/v3, which this version of EfficiencyKit cannot read (it reads efficiencykit.energy-check/v2 and efficiencykit.energy-check/v1): regenerate the file with this version, or update EfficiencyKit."], Gate(result).Errors);
    }

    [Fact]
    public void The_v2_twins_validate_against_the_documented_schemas()
    {
        DocumentedSchema.AssertValid(DocumentedSchema.Load("models-manifest.schema.json", "model-inspection.schema.json"), File.ReadAllText(ContractFixtures.Path("models-manifest.v2.json")));
        DocumentedSchema.AssertValid(DocumentedSchema.Load("energy-check.schema.json"), File.ReadAllText(ContractFixtures.Path("energy-check.v2.json")));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static void AssertOneWarning(List<string> v1Warnings, List<string> v2Warnings, string fixture, string current)
    {
        var warning = Assert.Single(v1Warnings.Except(v2Warnings));
        Assert.StartsWith("EKB103 ", warning, StringComparison.Ordinal);
        Assert.Contains(fixture, warning, StringComparison.Ordinal);
        Assert.Contains($"regenerate the file to write {current}", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(v2Warnings, w => w.StartsWith("EKB103", StringComparison.Ordinal));
    }

    // Budgets every model of the fixture is over: energy, size, and an fp32 model without a quantized copy.
    private static (List<string> Errors, List<string> Warnings) CheckBudgets(string manifest)
    {
        var engine = new RecordingBuildEngine();
        new CheckAiModelBudgets
        {
            BuildEngine = engine,
            ManifestPath = manifest,
            MaxMillijoulesPerInference = "0.001",
            MaxModelSizeMB = "0.001",
            RequireQuantized = "true",
        }.Execute();
        return (engine.Errors, engine.Warnings);
    }

    private static (List<string> Errors, List<string> Warnings) Gate(string result)
    {
        var engine = new RecordingBuildEngine();
        new ReportEnergyCheck { BuildEngine = engine, ResultFile = result }.Execute();
        return (engine.Errors, engine.Warnings);
    }

    private string Later(string format)
    {
        var path = Path.Combine(_directory, format + ".v3.json");
        File.WriteAllText(path, File.ReadAllText(ContractFixtures.Path(format + ".v2.json")).Replace(format + "/v2", format + "/v3", StringComparison.Ordinal));
        return path;
    }
}
