using System.Text.Json;
using EfficiencyKit.EndToEnd.Tests.Infrastructure;
using EfficiencyKit.Onnx.Tests;

namespace EfficiencyKit.EndToEnd.Tests;

/// <summary>The package's MSBuild model tasks and the manifest-reading analyzers in a user's build.</summary>
[Collection(ConsumerCollection.Name)]
public sealed class ModelBuildIntegrationTests : IDisposable
{
    // models/intent.onnx: 256→1024→256 (2.1 MB, about 0.74 mJ per inference modelled on cloud-vm-2vcpu, its
    // int8 copy about a quarter of that); models/ranker.onnx: 512→2048→512 (8.4 MB). Budget 0.5 mJ and 5 MB.
    private const string Items = """
          <PropertyGroup>
            <EfficiencyKitMaxMillijoulesPerInference>0.5</EfficiencyKitMaxMillijoulesPerInference>
            <EfficiencyKitMaxModelSizeMB>5</EfficiencyKitMaxModelSizeMB>
          </PropertyGroup>
          <ItemGroup>
            <None Update="models/intent.onnx" CopyToOutputDirectory="PreserveNewest" Quantize="int8" ReduceRange="true" />
            <None Update="models/ranker.onnx" CopyToOutputDirectory="PreserveNewest" />
          </ItemGroup>
        """;

    private const string Program = """
        using Microsoft.ML.OnnxRuntime;

        using var intent = new InferenceSession("models/intent.onnx");
        using var ranker = new InferenceSession(Path.Combine(AppContext.BaseDirectory, "models", "ranker.onnx"));
        Console.WriteLine(intent.InputNames[0] + " " + ranker.InputNames[0]);
        """;

    private readonly ModelConsumer _app = new(Items, Program);

    public ModelBuildIntegrationTests()
    {
        _app.WriteModel("models/intent.onnx", TestModels.Mlp());
        _app.WriteModel("models/ranker.onnx", TestModels.Mlp(inputs: 512, hidden: 2048, outputs: 512));
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Build_quantizes_inspects_and_reports_budgets_at_the_model_and_at_the_call_site()
    {
        var result = await _app.BuildAsync();

        Assert.True(result.Succeeded, result.ToString());
        var int8 = _app.OutputPathOf("models/intent.int8.onnx");
        Assert.True(File.Exists(int8), "the int8 copy is missing");
        Assert.True(new FileInfo(int8).Length < 0.3 * new FileInfo(_app.PathOf("models/intent.onnx")).Length);
        Assert.Contains("EfficiencyKit: models/intent.onnx -> ", result.Output, StringComparison.Ordinal);

        var energy = result.WithId("EKB010").ToList();
        var intentEnergy = Assert.Single(energy, d => d.File.EndsWith("models/intent.onnx", StringComparison.Ordinal));
        Assert.Contains("mJ per inference (modelled on hardware profile 'cloud-vm-2vcpu', batch 1", intentEnergy.Message, StringComparison.Ordinal);
        Assert.Contains("exceeds EfficiencyKitMaxMillijoulesPerInference = 0.5 mJ; its quantized copy models/intent.int8.onnx is within budget", intentEnergy.Message, StringComparison.Ordinal);
        Assert.Single(energy, d => d.File.EndsWith("models/ranker.onnx", StringComparison.Ordinal));
        var size = Assert.Single(result.WithId("EKB011"));
        Assert.Contains("models/ranker.onnx: 8.40 MB (file and external data) exceeds EfficiencyKitMaxModelSizeMB = 5 MB", size.Message, StringComparison.Ordinal);

        var quantized = Assert.Single(result.WithId("EK1201"));
        Assert.Equal(("Program.cs", 3), (Path.GetFileName(quantized.File), quantized.Line));
        Assert.Contains("load the quantized copy", quantized.Message, StringComparison.Ordinal);
        var budget = result.WithId("EK1601").OrderBy(d => d.Line).ThenBy(d => d.Message, StringComparer.Ordinal).ToList();
        Assert.Equal([3, 4, 4], budget.Select(d => d.Line));
        Assert.Contains(budget, d => d.Line == 4 && d.Message.Contains("'models/ranker.onnx' is 8.4 MB", StringComparison.Ordinal));

        using var manifest = JsonDocument.Parse(File.ReadAllText(_app.ManifestPath));
        var models = manifest.RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(["models/intent.onnx", "models/ranker.onnx"], models.Select(m => m.GetProperty("outputPath").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(525_312, models.Single(m => m.GetProperty("outputPath").GetString() == "models/intent.onnx").GetProperty("inspection").GetProperty("parameters").GetInt64());
    }

    [Fact]
    public async Task A_rebuild_without_changes_does_no_model_work_and_still_reports()
    {
        var first = await _app.BuildAsync();
        Assert.True(first.Succeeded, first.ToString());
        var manifestTime = File.GetLastWriteTimeUtc(_app.ManifestPath);
        var int8Time = File.GetLastWriteTimeUtc(_app.OutputPathOf("models/intent.int8.onnx"));

        var second = await _app.BuildAsync();

        Assert.True(second.Succeeded, second.ToString());
        Assert.Equal(manifestTime, File.GetLastWriteTimeUtc(_app.ManifestPath));
        Assert.Equal(int8Time, File.GetLastWriteTimeUtc(_app.OutputPathOf("models/intent.int8.onnx")));
        Assert.DoesNotContain("EfficiencyKit: models/intent.onnx -> ", second.Output, StringComparison.Ordinal);
        Assert.Equal(2, second.WithId("EKB010").Count());
    }

    [Fact]
    public async Task The_manifest_reaches_the_analyzers_through_an_evidence_config_that_a_rebuild_without_changes_leaves_alone()
    {
        var first = await _app.BuildAsync();
        Assert.True(first.Succeeded, first.ToString());
        var config = _app.PathOf(Path.Combine("obj", "Debug", "net10.0", "efficiencykit.evidence.globalconfig"));
        Assert.Contains("efficiencykit.models = 2", File.ReadAllText(config), StringComparison.Ordinal);
        var configTime = File.GetLastWriteTimeUtc(config);

        var second = await _app.BuildAsync();

        Assert.True(second.Succeeded, second.ToString());
        Assert.Equal(configTime, File.GetLastWriteTimeUtc(config));
    }

    [Fact]
    public async Task Budget_as_error_fails_the_build_at_the_model_and_the_call_site()
    {
        var result = await _app.BuildAsync("-p:EfficiencyKitTreatBudgetAsError=true");

        Assert.False(result.Succeeded);
        Assert.All(result.WithId("EKB010"), d => Assert.Equal("error", d.Severity));
        Assert.Contains(result.WithId("EK1601"), d => d.Severity == "error" && Path.GetFileName(d.File) == "Program.cs");
    }

    [Fact]
    public async Task Raising_the_budget_makes_the_strict_build_pass()
    {
        var result = await _app.BuildAsync("-p:EfficiencyKitTreatBudgetAsError=true", "-p:EfficiencyKitMaxMillijoulesPerInference=50", "-p:EfficiencyKitMaxModelSizeMB=20");

        Assert.True(result.Succeeded, result.ToString());
        Assert.Empty(result.WithId("EKB010"));
        Assert.Empty(result.WithId("EK1601"));
        Assert.Single(result.WithId("EK1201"));
    }

    [Fact]
    public async Task Bad_models_and_bad_properties_are_errors_naming_them_and_nothing_is_overwritten()
    {
        File.WriteAllText(_app.PathOf("models/broken.onnx"), "this is not a model");
        var intentBefore = File.ReadAllBytes(_app.PathOf("models/intent.onnx"));

        var broken = await _app.BuildAsync();
        File.Delete(_app.PathOf("models/broken.onnx"));
        var badProperty = await _app.BuildAsync("-p:EfficiencyKitMaxMillijoulesPerInference=five", "-p:EfficiencyKitHardwareProfile=laptop");

        Assert.False(broken.Succeeded);
        var unreadable = Assert.Single(broken.WithId("EKB001"));
        Assert.EndsWith("models/broken.onnx", unreadable.File, StringComparison.Ordinal);
        Assert.Contains("not a valid ONNX model at byte offset", unreadable.Message, StringComparison.Ordinal);
        Assert.False(badProperty.Succeeded);
        var properties = badProperty.WithId("EKB100").Select(d => d.Message).ToList();
        Assert.Contains(properties, m => m.StartsWith("EfficiencyKitMaxMillijoulesPerInference is 'five'; expected a positive number", StringComparison.Ordinal));
        Assert.Contains(properties, m => m.StartsWith("EfficiencyKitHardwareProfile: Unknown hardware profile 'laptop'", StringComparison.Ordinal));
        Assert.Equal(intentBefore, File.ReadAllBytes(_app.PathOf("models/intent.onnx")));
    }
}
