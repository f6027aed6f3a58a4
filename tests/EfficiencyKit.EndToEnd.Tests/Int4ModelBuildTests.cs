using System.Text.Json;
using EfficiencyKit.EndToEnd.Tests.Infrastructure;
using EfficiencyKit.Onnx.Model;
using EfficiencyKit.Onnx.Tests;

namespace EfficiencyKit.EndToEnd.Tests;

/// <summary>Quantize="int4" on an AiModel item in a user's build: the 4-bit copy, its settings, and its inspection.</summary>
[Collection(ConsumerCollection.Name)]
public sealed class Int4ModelBuildTests : IDisposable
{
    // models/intent.onnx: 256→1024→256 (2.1 MB).
    private const string Items = """
          <ItemGroup>
            <None Update="models/intent.onnx" CopyToOutputDirectory="PreserveNewest" Quantize="int4" BlockSize="64" Asymmetric="true" />
          </ItemGroup>
        """;

    private readonly ModelConsumer _app = new(Items, "Console.WriteLine(\"ready\");");

    public Int4ModelBuildTests() => _app.WriteModel("models/intent.onnx", TestModels.Mlp());

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Build_writes_the_int4_copy_with_the_item_s_settings_and_inspects_it_completely()
    {
        var result = await _app.BuildAsync();
        var badDefault = await _app.BuildAsync("-p:EfficiencyKitQuantize=int5");

        Assert.True(result.Succeeded, result.ToString());
        var int4 = _app.OutputPathOf("models/intent.int4.onnx");
        Assert.True(File.Exists(int4), "the int4 copy is missing");
        Assert.InRange(new FileInfo(int4).Length, 1, 0.2 * new FileInfo(_app.PathOf("models/intent.onnx")).Length);
        Assert.Contains("(int4, block 64, asymmetric, accuracy_level 4): ", result.Output, StringComparison.Ordinal);
        var model = OnnxModelReader.Read(int4);
        Assert.Equal(["MatMulNBits", "Add", "Relu", "MatMulNBits"], model.Graph.Nodes.Select(n => n.OpType));
        Assert.All(model.Graph.Nodes.Where(n => n.OpType == "MatMulNBits"), n => Assert.Equal((64L, 4), (n.GetInt("block_size", 0), n.Inputs.Count)));

        using var manifest = JsonDocument.Parse(File.ReadAllText(_app.ManifestPath));
        var entry = manifest.RootElement.GetProperty("models").EnumerateArray().Single();
        Assert.Equal("models/intent.int4.onnx", entry.GetProperty("quantizedOutputPath").GetString());
        var cost = entry.GetProperty("quantizedInspection").GetProperty("cost");
        Assert.True(cost.GetProperty("complete").GetBoolean());

        Assert.False(badDefault.Succeeded);
        Assert.Contains(badDefault.WithId("EKB100"), d => d.Message.StartsWith("EfficiencyKitQuantize is 'int5'; expected none, int8, int4 or fp16.", StringComparison.Ordinal));
    }
}
