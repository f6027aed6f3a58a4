namespace EfficiencyKit.Build.Tests;

/// <summary>
/// The task that hands the profile report and models manifest to the analyzers: a file it cannot read is a warning
/// naming that file, adds nothing, and leaves the read marker missing so the next build runs the task (and warns) again.
/// </summary>
public sealed class WriteAnalyzerEvidenceTests : IDisposable
{
    private const string Manifest = """{ "schema": "efficiencykit.models-manifest/v2", "models": [ { "outputPath": "models/a.onnx", "quantizedOutputPath": null, "quantizedSiblings": [], "inspection": { "fileBytes": 10, "externalDataBytes": 0, "dataTypes": [], "cost": { "batchSize": 1 }, "energy": { "profile": "p", "joules": 0.002, "lowerBound": false } } } ] }""";

    private const string Report = """{ "schema": "efficiencykit.energy-report/v2", "energyOrigin": "measured", "sources": [], "callSites": [ { "file": "/app/Program.cs", "line": 7, "joules": 1.5, "isUserCode": true } ], "remoteCalls": [] }""";

    private readonly string _directory = Directory.CreateTempSubdirectory("ek-evidence-").FullName;
    private readonly RecordingBuildEngine _engine = new();

    [Fact]
    public void Both_files_become_config_keys_and_the_read_marker_is_written()
    {
        var task = CreateTask(Write("report.json", Report), Write("efficiencykit.models.json", Manifest));

        Assert.True(task.Execute());
        Assert.Empty(_engine.Warnings);
        var config = File.ReadAllText(task.ConfigPath);
        Assert.StartsWith("is_global = true\n", config, StringComparison.Ordinal);
        Assert.Contains("efficiencykit.profile.site.1 = %2Fapp%2FProgram.cs|7|1.5\n", config, StringComparison.Ordinal);
        Assert.Contains("efficiencykit.models = 1\n", config, StringComparison.Ordinal);
        Assert.True(File.Exists(task.ReadMarker));
    }

    [Theory]
    [InlineData("{ \"callSites\": [ truncated")]
    [InlineData("{ \"callSites\": 42 }")]
    [InlineData("")]
    public void A_broken_report_is_a_warning_at_the_report_and_the_manifest_still_reaches_the_analyzers(string broken)
    {
        var report = Write("report.json", broken);
        File.WriteAllText(Path.Combine(_directory, "efficiencykit.evidence.read"), string.Empty);
        var task = CreateTask(report, Write("efficiencykit.models.json", Manifest));

        Assert.True(task.Execute());
        var warning = Assert.Single(_engine.Warnings);
        Assert.StartsWith($"EKB104 {report}: '{report}' is not a readable dotnet-energy report", warning, StringComparison.Ordinal);
        var config = File.ReadAllText(task.ConfigPath);
        Assert.DoesNotContain("efficiencykit.profile", config, StringComparison.Ordinal);
        Assert.Contains("efficiencykit.models = 1\n", config, StringComparison.Ordinal);
        Assert.False(File.Exists(task.ReadMarker));
    }

    [Fact]
    public void A_broken_manifest_is_a_warning_at_the_manifest()
    {
        var manifest = Write("efficiencykit.models.json", "{ \"models\": [ { \"output_path\": ");
        var task = CreateTask(null, manifest);

        Assert.True(task.Execute());
        Assert.StartsWith($"EKB003 {manifest}: '{manifest}' is not a readable models manifest", Assert.Single(_engine.Warnings), StringComparison.Ordinal);
        Assert.Equal("is_global = true\n", File.ReadAllText(task.ConfigPath));
        Assert.False(File.Exists(task.ReadMarker));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private WriteAnalyzerEvidence CreateTask(string? report, string? manifest) => new()
    {
        BuildEngine = _engine,
        ProfileReport = report,
        ModelsManifest = manifest,
        ConfigPath = Path.Combine(_directory, "efficiencykit.evidence.globalconfig"),
        ReadMarker = Path.Combine(_directory, "efficiencykit.evidence.read"),
    };

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
