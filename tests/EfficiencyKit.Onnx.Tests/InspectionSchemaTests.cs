using EfficiencyKit.Onnx.Inspection;
using EfficiencyKit.Onnx.Model;
using EfficiencyKit.Tests.Shared;
using Json.Schema;

namespace EfficiencyKit.Onnx.Tests;

/// <summary>
/// ModelInspectionJson's output for models written to disk and inspected, against
/// docs/schemas/model-inspection.schema.json: a field added, renamed or retyped on one side only fails here.
/// </summary>
public sealed class InspectionSchemaTests() : TemporaryDirectoryTest("ek-inspection-schema-")
{
    private static readonly JsonSchema s_schema = DocumentedSchema.Load("model-inspection.schema.json");

    public static TheoryData<string> Models => ["mlp", "deep-mlp", "embedding", "conv", "attention"];

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_test_model_inspected_from_its_file_validates(string name)
    {
        var model = name switch
        {
            "mlp" => TestModels.Mlp(),
            "deep-mlp" => TestModels.DeepMlp(),
            "embedding" => TestModels.Embedding(),
            "conv" => TestModels.ConvNet(),
            _ => TestModels.AttentionBlock(),
        };

        var inspection = ModelInspector.Inspect(Save(model, name), new InspectionOptions { BatchSize = 4, Dimensions = new Dictionary<string, long> { ["sequence"] = 16 } });

        DocumentedSchema.AssertValid(s_schema, ModelInspectionJson.ToJson(inspection));
    }

    [Fact]
    public void An_incomplete_inspection_with_a_producer_and_a_custom_domain_validates()
    {
        var model = new OnnxGraphBuilder("custom")
            .Input("x", OnnxDataType.Float, "batch", "sequence", 8)
            .Initializer(OnnxTensor.FromFloats("W", [8, 4], new float[32]))
            .Node("FancyNorm", ["x"], ["n"])
            .Node("MatMul", ["n", "W"], ["y"])
            .Output("y", OnnxDataType.Float, "batch", "sequence", 4)
            .Build();
        model.Graph.Nodes[0].Domain = "com.example";
        model.OpsetImports.Add(new OnnxOpsetImport("com.example", 1));
        model.ProducerName = "test";

        var inspection = ModelInspector.Inspect(Save(model, "custom"));

        // The optional parts are all in the document: unknown nodes, an unresolved dimension, a producer.
        Assert.False(inspection.Cost.IsComplete);
        Assert.NotEmpty(inspection.Cost.UnresolvedDimensions);
        Assert.NotNull(inspection.Producer);
        DocumentedSchema.AssertValid(s_schema, ModelInspectionJson.ToJson(inspection));
    }

    [Fact]
    public void The_validator_rejects_inspections_that_break_the_schema()
    {
        var json = ModelInspectionJson.ToJson(ModelInspector.Inspect(Save(TestModels.Mlp(), "mlp")));
        DocumentedSchema.AssertRejectsEdits(
            s_schema,
            json,
            ("model-inspection/v2", "model-inspection/v3"),
            ("\"weightBytes\":", "\"weight_bytes\":"),
            ("\"origin\": \"modelled\"", "\"origin\": \"measured\""),
            ("\"complete\": true", "\"complete\": 1"));
    }

    private string Save(OnnxModel model, string name)
    {
        var path = Path.Combine(TestDirectory, name + ".onnx");
        OnnxModelWriter.Write(model, path);
        return path;
    }
}
