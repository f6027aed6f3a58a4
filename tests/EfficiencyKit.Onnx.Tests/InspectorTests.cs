using EfficiencyKit.Onnx.Inspection;
using EfficiencyKit.Onnx.Model;
using EfficiencyKit.Onnx.Quantization;

namespace EfficiencyKit.Onnx.Tests;

public sealed class InspectorTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    public void Mlp_parameters_and_operations_match_the_hand_count(long batch)
    {
        var inspection = Inspect(TestModels.Mlp(), new InspectionOptions { BatchSize = batch });

        // 256·1024 + 1024 + 1024·256
        Assert.Equal(525_312, inspection.ParameterCount);
        // MatMul 2·b·256·1024, Add b·1024, Relu b·1024, MatMul 2·b·1024·256
        Assert.Equal(1_050_624 * batch, inspection.Cost.Operations);
        Assert.True(inspection.Cost.IsComplete);
        Assert.Equal(new Dictionary<string, long> { ["batch"] = batch }, inspection.Cost.Dimensions);
        Assert.Equal(1_050_624 * batch, inspection.Cost.OperationsByPrecision["fp32"]);
    }

    [Fact]
    public void Mlp_bytes_moved_count_every_node_input_and_output()
    {
        var inspection = Inspect(TestModels.Mlp(), new InspectionOptions());

        // MatMul: x 1,024 + W1 1,048,576 + out 4,096; Add: 3 × 4,096; Relu: 2 × 4,096; MatMul: 4,096 + 1,048,576 + 1,024.
        Assert.Equal(2_127_872, inspection.Cost.BytesMoved);
    }

    [Fact]
    public void Mlp_structure_is_reported()
    {
        var inspection = Inspect(TestModels.Mlp(), new InspectionOptions());

        Assert.Equal(8, inspection.IrVersion);
        Assert.Equal([new OnnxOpsetImport("", 17)], inspection.Opsets);
        var input = Assert.Single(inspection.Inputs);
        Assert.Equal(("x", "FLOAT"), (input.Name, input.ElementType));
        Assert.Equal(["batch", "256"], input.Shape);
        var floats = Assert.Single(inspection.DataTypes);
        Assert.Equal(new DataTypeShare("FLOAT", 3, 525_312, 2_101_248), floats);
        Assert.Equal(2_101_248, inspection.WeightBytes);
        Assert.Equal(
            [new OperatorCount("MatMul", 2, true), new OperatorCount("Add", 1, true), new OperatorCount("Relu", 1, true)],
            inspection.Operators);
        Assert.Equal(4, inspection.NodeCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public void Conv_net_parameters_and_operations_match_the_hand_count(long batch)
    {
        var inspection = Inspect(TestModels.ConvNet(), new InspectionOptions { BatchSize = batch });

        // 16·3·3·3 + 16 + 32·16·3·3 + 32 + 10·32 + 10
        Assert.Equal(5_418, inspection.ParameterCount);
        // Conv1 2·16·32·32·27 + 16·32·32; Relu 16,384; MaxPool 4,096·4; Conv2 2·32·16·16·144 + 32·16·16;
        // Relu 8,192; GlobalAveragePool 8,192; Gemm 2·32·10 + 10 — per image.
        Assert.Equal(3_318_410 * batch, inspection.Cost.Operations);
        Assert.True(inspection.Cost.IsComplete);
    }

    [Fact]
    public void Attention_block_operations_match_the_hand_count()
    {
        var inspection = Inspect(
            TestModels.AttentionBlock(),
            new InspectionOptions { BatchSize = 2, Dimensions = new Dictionary<string, long> { ["sequence"] = 10 } });

        // Four 64×64 projections 4·2·B·S·64·64 = 32,768·B·S; Q·Kᵀ and scores·V 2 × 128·B·S²;
        // scale 4·B·S²; Softmax 4 × 4·B·S². B = 2, S = 10.
        Assert.Equal((32_768 * 2 * 10) + (276 * 2 * 100), inspection.Cost.Operations);
        Assert.True(inspection.Cost.IsComplete);
        Assert.Equal(16_385, inspection.ParameterCount);
        Assert.Equal(new Dictionary<string, long> { ["batch"] = 2, ["sequence"] = 10 }, inspection.Cost.Dimensions);
    }

    [Fact]
    public void Unresolved_symbolic_dimension_makes_dependent_costs_unknown_not_zero()
    {
        var inspection = Inspect(TestModels.AttentionBlock(), new InspectionOptions());

        Assert.Equal(["sequence"], inspection.Cost.UnresolvedDimensions);
        Assert.False(inspection.Cost.IsComplete);
        var first = inspection.Cost.UnknownNodes[0];
        Assert.Equal("MatMul", first.Operator);
        Assert.Contains("unknown shape [1,?,64]", first.Reason);
        Assert.Equal(0, inspection.Cost.Operations);
    }

    [Fact]
    public void Operator_without_a_cost_model_is_reported_and_later_nodes_use_declared_shapes()
    {
        var model = new OnnxGraphBuilder("custom")
            .Input("x", OnnxDataType.Float, "batch", 8)
            .Initializer(OnnxTensor.FromFloats("W", [8, 4], new float[32]))
            .Node("FancyNorm", ["x"], ["n"])
            .Node("MatMul", ["n", "W"], ["y"])
            .Output("y", OnnxDataType.Float, "batch", 4)
            .Build();
        model.Graph.Nodes[0].Domain = "com.example";
        model.Graph.ValueInfo.Add(OnnxValueInfo.Tensor("n", OnnxDataType.Float, OnnxDimension.Symbolic("batch"), OnnxDimension.Fixed(8)));

        var inspection = Inspect(model, new InspectionOptions { BatchSize = 3 });

        var unknown = Assert.Single(inspection.Cost.UnknownNodes);
        Assert.Equal(new UnknownNodeCost("FancyNorm_0", "com.example:FancyNorm", "no cost model for operator com.example:FancyNorm"), unknown);
        Assert.Equal(2 * 3 * 8 * 4, inspection.Cost.Operations);
        Assert.Contains(inspection.Operators, o => o is { Operator: "com.example:FancyNorm", HasCostModel: false });
    }

    [Fact]
    public void Shape_arithmetic_is_folded_so_reshape_targets_are_known()
    {
        // Shape -> Gather(0) -> Unsqueeze -> Concat([batch, -1]) -> Reshape, as exporters write flattening.
        var model = new OnnxGraphBuilder("flatten")
            .Input("x", OnnxDataType.Float, "batch", 4, 5)
            .Initializer(OnnxTensor.FromInt64s("zero", [], [0]))
            .Initializer(OnnxTensor.FromInt64s("axes", [1], [0]))
            .Initializer(OnnxTensor.FromInt64s("minus_one", [1], [-1]))
            .Initializer(OnnxTensor.FromFloats("W", [20, 3], new float[60]))
            .Node("Shape", ["x"], ["s"])
            .Node("Gather", ["s", "zero"], ["b"])
            .Node("Unsqueeze", ["b", "axes"], ["b1"])
            .Node("Concat", ["b1", "minus_one"], ["target"], OnnxAttribute.Int("axis", 0))
            .Node("Reshape", ["x", "target"], ["flat"])
            .Node("MatMul", ["flat", "W"], ["y"])
            .Output("y", OnnxDataType.Float, "batch", 3)
            .Build();

        var inspection = Inspect(model, new InspectionOptions { BatchSize = 6 });

        Assert.True(inspection.Cost.IsComplete, string.Join("; ", inspection.Cost.UnknownNodes));
        Assert.Equal(2 * 6 * 20 * 3, inspection.Cost.Operations);
    }

    [Fact]
    public void Energy_is_a_labelled_model_estimate_that_grows_with_batch()
    {
        var one = Inspect(TestModels.Mlp(), new InspectionOptions { BatchSize = 1 });
        var many = Inspect(TestModels.Mlp(), new InspectionOptions { BatchSize = 64 });

        Assert.Equal(Energy.EnergyOrigin.Modelled, one.Energy.Origin);
        Assert.Equal("cloud-vm-2vcpu", one.Energy.Profile);
        Assert.Contains("roofline", one.Energy.Basis);
        Assert.True(one.Energy.MinJoules < one.Energy.Joules && one.Energy.Joules < one.Energy.MaxJoules);
        Assert.True(many.Energy.Joules > one.Energy.Joules);
        // Batching amortises the weight reads: per-item energy at batch 64 is far below batch 1.
        Assert.True(many.Energy.Joules / 64 < one.Energy.Joules / 4);
    }

    [Fact]
    public void A_cost_past_64_bits_is_unknown_and_the_inspection_incomplete_never_saturated()
    {
        // x[2^62, 256] through the MLP: 2·2^62·256·1024 operations for the first MatMul alone.
        var model = TestModels.Mlp();
        model.Graph.Inputs[0] = new OnnxGraphBuilder("huge").Input("x", OnnxDataType.Float, 1L << 62, 256).Build().Graph.Inputs[0];

        var inspection = Inspect(model, new InspectionOptions());

        Assert.False(inspection.Cost.IsComplete);
        Assert.Contains(inspection.Cost.UnknownNodes, n => n.Operator == "MatMul" && n.Reason.Contains("past 64 bits", StringComparison.Ordinal));
        Assert.InRange(inspection.Cost.Operations, 0, long.MaxValue - 1);
        Assert.InRange(inspection.Cost.BytesMoved, 0, long.MaxValue - 1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_graph_with_a_cycle_is_a_format_error_for_inspect_and_quantize(bool selfLoop)
    {
        var builder = new OnnxGraphBuilder("cycle")
            .Input("x", OnnxDataType.Float, 1, 4)
            .Initializer(TestModels.Weights(new Random(1), "W", 4, 4));
        var model = (selfLoop
                ? builder.Node("Add", ["x", "a"], ["a"])
                : builder.Node("Add", ["x", "b"], ["a"]).Node("MatMul", ["a", "W"], ["b"]))
            .Output("a", OnnxDataType.Float, 1, 4)
            .Build();

        var error = Assert.Throws<OnnxFormatException>(() => Inspect(model, new InspectionOptions()));
        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);

        var directory = Directory.CreateTempSubdirectory("ek-cycle-").FullName;
        try
        {
            var path = Path.Combine(directory, "cycle.onnx");
            OnnxModelWriter.Write(model, path);
            var quantize = Assert.Throws<OnnxFormatException>(() => ModelQuantizer.Quantize(path, Path.Combine(directory, "cycle.int8.onnx"), QuantizationTarget.Int8));
            Assert.Contains(selfLoop ? "reads 'a', which the node itself produces" : "reads 'b', which the later node", quantize.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(directory, "cycle.int8.onnx")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static ModelInspection Inspect(OnnxModel model, InspectionOptions options)
    {
        var bytes = OnnxModelWriter.ToBytes(model);
        var reread = OnnxModelReader.Read(bytes, "test model");
        return ModelInspector.Inspect(reread, "test model", bytes.Length, options);
    }
}
