using System.Text.Json;
using EfficiencyKit.Onnx.Model;
using EfficiencyKit.Onnx.Tests;
using EfficiencyKit.Tests.Shared;
using Json.Schema;
using Microsoft.Build.Utilities;

namespace EfficiencyKit.Build.Tests;

/// <summary>
/// The models manifest as the build writes it (PrepareAiModels, QuantizeAiModel and InspectAiModels run in process,
/// as the targets chain them), against docs/schemas/models-manifest.schema.json and the inspection schema it
/// refers to: a field added, renamed or retyped on one side only fails here.
/// </summary>
public sealed class ManifestSchemaTests : IDisposable
{
    private static readonly JsonSchema s_schema = DocumentedSchema.Load("models-manifest.schema.json", "model-inspection.schema.json");

    private readonly string _project = Directory.CreateTempSubdirectory("ek-manifest-schema-").FullName;

    [Fact]
    public void The_manifest_of_a_quantized_model_and_one_with_a_quantized_sibling_validates()
    {
        var json = BuildManifest();

        using var manifest = JsonDocument.Parse(json);
        var models = manifest.RootElement.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("outputPath").GetString()!);
        Assert.Equal(["models/intent.onnx", "models/rank.onnx"], models.Keys.Order());

        // Both shapes of an entry are there: a quantized copy the build made and inspected, and none but a sibling.
        Assert.Equal("models/intent.int8.onnx", models["models/intent.onnx"].GetProperty("quantizedOutputPath").GetString());
        Assert.Equal(JsonValueKind.Object, models["models/intent.onnx"].GetProperty("quantizedInspection").ValueKind);
        Assert.Equal(JsonValueKind.Null, models["models/rank.onnx"].GetProperty("quantizedOutputPath").ValueKind);
        Assert.Equal(JsonValueKind.Null, models["models/rank.onnx"].GetProperty("quantizedInspection").ValueKind);
        Assert.Equal(["models/rank.fp16.onnx"], models["models/rank.onnx"].GetProperty("quantizedSiblings").EnumerateArray().Select(s => s.GetString()));
        DocumentedSchema.AssertValid(s_schema, json);
    }

    [Fact]
    public void The_validator_rejects_manifests_that_break_the_schema()
    {
        var json = BuildManifest();
        DocumentedSchema.AssertRejectsEdits(
            s_schema,
            json,
            ("models-manifest/v2", "models-manifest/v3"),
            ("\"outputPath\":", "\"output_path\":"),
            ("\"quantize\": \"int8\"", "\"quantize\": \"int2\""),

            // Inside an entry's inspection: the referenced schema is applied too.
            ("\"nodeCount\":", "\"nodes\":"));
    }

    [Fact]
    public void The_manifest_the_tasks_write_reaches_the_analyzers_with_every_model_and_copy()
    {
        var writer = new Evidence.AnalyzerEvidenceWriter();
        Assert.True(writer.TryAddModelsManifest("efficiencykit.models.json", BuildManifest(), _ => { }, out var error), error);

        var config = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(" = ", 2)).ToDictionary(pair => pair[0], pair => pair[1]);
        Assert.Equal("2", config[AnalyzerEvidenceFormat.Models]);
        var models = Enumerable.Range(1, 2).Select(i => AnalyzerEvidenceFormat.Decode(config[AnalyzerEvidenceFormat.Model(i)])).ToDictionary(fields => fields[0]);

        // outputPath|mostlyFloat32|millijoules|lowerBound|profile|batchSize|megabytes, then copy and Quantize pairs.
        var intent = models["models/intent.onnx"];
        Assert.Equal(["true", "false", "8"], [intent[1], intent[3], intent[5]]);
        Assert.True(double.Parse(intent[2], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.True(double.Parse(intent[6], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(["models/intent.int8.onnx", "int8"], intent.Skip(7));
        Assert.Equal(["models/rank.fp16.onnx", ""], models["models/rank.onnx"].Skip(7));
    }

    [Fact]
    public void The_budget_check_reads_every_model_and_quantized_copy_of_the_manifest_the_tasks_write()
    {
        BuildManifest();
        var engine = new RecordingBuildEngine();

        Assert.True(new CheckAiModelBudgets { BuildEngine = engine, ManifestPath = Path.Combine(_project, "obj", "efficiencykit.models.json"), MaxMillijoulesPerInference = "0.000001", MaxModelSizeMB = "0.000001" }.Execute(), string.Join("\n", engine.Errors));

        // Every model and the int8 copy the build made, with the figures the manifest holds (the embedding lookup models no joules).
        Assert.Equal(["models/intent.int8.onnx", "models/intent.onnx"], Over("EKB010", engine));
        Assert.Equal(["models/intent.int8.onnx", "models/intent.onnx", "models/rank.onnx"], Over("EKB011", engine));
        Assert.Contains(engine.Warnings, w => w.Contains("models/intent.onnx: ", StringComparison.Ordinal) && w.Contains("(modelled on hardware profile 'cloud-vm-2vcpu', batch 8, range ", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Over(string code, RecordingBuildEngine engine)
        => engine.Warnings.Where(w => w.StartsWith(code + " ", StringComparison.Ordinal)).Select(w => w.Split(": ")[1]).Order(StringComparer.Ordinal);

    public void Dispose() => Directory.Delete(_project, recursive: true);

    /// <summary>
    /// A project with models/intent.onnx (Quantize int8, batch 8) and models/rank.onnx (no quantization, an fp16
    /// copy already beside it), through the three tasks; returns the manifest's text.
    /// </summary>
    private string BuildManifest()
    {
        var models = Directory.CreateDirectory(Path.Combine(_project, "models")).FullName;
        OnnxModelWriter.Write(TestModels.Mlp(), Path.Combine(models, "intent.onnx"));
        OnnxModelWriter.Write(TestModels.Embedding(), Path.Combine(models, "rank.onnx"));
        OnnxModelWriter.Write(TestModels.Embedding(), Path.Combine(models, "rank.fp16.onnx"));

        var engine = new RecordingBuildEngine();
        var prepare = new PrepareAiModels
        {
            BuildEngine = engine,
            Models = [new TaskItem("models/intent.onnx", new Dictionary<string, string> { ["Quantize"] = "int8", ["BatchSize"] = "8" }), new TaskItem("models/rank.onnx")],
            ProjectDirectory = _project,
            OutputDirectory = "bin/",
        };
        Assert.True(prepare.Execute(), string.Join("\n", engine.Errors));
        foreach (var model in prepare.PreparedModels.Where(m => m.GetMetadata("Quantize") != "none"))
        {
            Assert.True(new QuantizeAiModel { BuildEngine = engine, Model = model }.Execute(), string.Join("\n", engine.Errors));
        }

        var manifestPath = Path.Combine(_project, "obj", "efficiencykit.models.json");
        Assert.True(new InspectAiModels { BuildEngine = engine, Models = prepare.PreparedModels, ManifestPath = manifestPath }.Execute(), string.Join("\n", engine.Errors));
        return File.ReadAllText(manifestPath);
    }
}
