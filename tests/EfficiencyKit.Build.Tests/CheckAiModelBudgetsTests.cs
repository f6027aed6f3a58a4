namespace EfficiencyKit.Build.Tests;

/// <summary>The budget check on a manifest it cannot read: a warning naming the manifest, not a task crash.</summary>
public sealed class CheckAiModelBudgetsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ek-budgets-").FullName;

    [Theory]
    [InlineData("{ \"models\": [ { \"output_path\": ")]
    [InlineData("{ \"models\": 42 }")]
    public void A_broken_manifest_is_warning_EKB003_at_the_manifest(string broken)
    {
        var manifest = Path.Combine(_directory, "efficiencykit.models.json");
        File.WriteAllText(manifest, broken);
        var engine = new RecordingBuildEngine();

        Assert.True(new CheckAiModelBudgets { BuildEngine = engine, ManifestPath = manifest, MaxMillijoulesPerInference = "1" }.Execute());

        Assert.Empty(engine.Errors);
        Assert.StartsWith($"EKB003 {manifest}: '{manifest}' is not a readable models manifest; the model budgets are not checked", Assert.Single(engine.Warnings), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
