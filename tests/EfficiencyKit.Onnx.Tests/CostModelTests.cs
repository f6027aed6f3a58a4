using EfficiencyKit.Onnx.Inspection;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Tests;

/// <summary>Hand-counted operations for the recurrent, transposed-convolution, Einsum, quantized and control-flow cost models.</summary>
public sealed class CostModelTests
{
    [Fact]
    public void Lstm_counts_the_gate_products_biases_and_state_update_per_time_step()
    {
        // X[seq 5, batch 2, input 3], hidden 4 (W [1,16,3], R [1,16,4], B [1,32]).
        var model = new OnnxGraphBuilder("lstm")
            .Input("x", OnnxDataType.Float, 5, 2, 3)
            .Initializer(OnnxTensor.FromFloats("W", [1, 16, 3], new float[48]))
            .Initializer(OnnxTensor.FromFloats("R", [1, 16, 4], new float[64]))
            .Initializer(OnnxTensor.FromFloats("B", [1, 32], new float[32]))
            .Node("LSTM", ["x", "W", "R", "B"], ["y", "y_h"], OnnxAttribute.Int("hidden_size", 4))
            .Node("Relu", ["y"], ["r"])
            .Output("r", OnnxDataType.Float, "s", "d", "b", "h")
            .Output("y_h", OnnxDataType.Float, "d", "b", "h")
            .Build();

        var inspection = Inspect(model);

        // Per step: gate MatMuls 2·2·4·4·(3+4) = 448, biases 2·2·4·4 = 64, 4 gate activations and 5 state-update
        // operations per hidden element 2·4·(4+5) = 72: 584 × 5 steps = 2,920. Relu over Y [5,1,2,4]: 40.
        Assert.True(inspection.Cost.IsComplete, string.Join("; ", inspection.Cost.UnknownNodes));
        Assert.Equal(2_960, inspection.Cost.Operations);
    }

    [Fact]
    public void Conv_transpose_counts_a_kernel_patch_per_input_pixel_and_infers_the_output_size()
    {
        // X[1,2,3,3], W[2 in, 4 out, 3,3], stride 1, no padding: Y[1,4,5,5].
        var model = new OnnxGraphBuilder("deconv")
            .Input("x", OnnxDataType.Float, 1, 2, 3, 3)
            .Initializer(OnnxTensor.FromFloats("W", [2, 4, 3, 3], new float[72]))
            .Node("ConvTranspose", ["x", "W"], ["y"])
            .Node("Relu", ["y"], ["r"])
            .Output("r", OnnxDataType.Float, "n", "c", "h", "w")
            .Build();

        var inspection = Inspect(model);

        // 2 · 18 input elements · 4 outputs · 9 taps = 1,296; Relu over 4·5·5 = 100.
        Assert.True(inspection.Cost.IsComplete, string.Join("; ", inspection.Cost.UnknownNodes));
        Assert.Equal(1_396, inspection.Cost.Operations);
    }

    [Fact]
    public void A_crafted_attribute_giving_a_negative_size_is_unknown_not_subtracted()
    {
        // Pads of 5 on a 3-wide transposed output: -7.
        var model = new OnnxGraphBuilder("crafted")
            .Input("x", OnnxDataType.Float, 1, 1, 2, 2)
            .Initializer(OnnxTensor.FromFloats("W", [1, 1, 2, 2], new float[4]))
            .Initializer(OnnxTensor.FromFloats("b", [1], new float[1]))
            .Node("ConvTranspose", ["x", "W", "b"], ["y"], OnnxAttribute.IntList("pads", 5, 5, 5, 5))
            .Output("y", OnnxDataType.Float, "n", "c", "h", "w")
            .Build();

        var inspection = Inspect(model);

        var unknown = Assert.Single(inspection.Cost.UnknownNodes);
        Assert.Equal(("ConvTranspose", "the node's attributes give a negative size"), (unknown.Operator, unknown.Reason));
        Assert.Equal(0, inspection.Cost.Operations);
    }

    [Fact]
    public void Einsum_counts_operands_times_the_full_index_space()
    {
        var model = new OnnxGraphBuilder("einsum")
            .Input("a", OnnxDataType.Float, 2, 3, 4)
            .Input("b", OnnxDataType.Float, 2, 4, 5)
            .Node("Einsum", ["a", "b"], ["c"], OnnxAttribute.String("equation", "bij,bjk->bik"))
            .Node("Einsum", ["c"], ["d"], OnnxAttribute.String("equation", "bik->b"))
            .Output("d", OnnxDataType.Float, "b")
            .Build();

        var inspection = Inspect(model);

        // Batched matmul 2 · (b2·i3·j4·k5) = 240, as MatMul counts it; the sum over c[2,3,5]: 30.
        Assert.True(inspection.Cost.IsComplete, string.Join("; ", inspection.Cost.UnknownNodes));
        Assert.Equal(270, inspection.Cost.Operations);
    }

    [Fact]
    public void QLinearMatMul_is_int8_work()
    {
        var model = new OnnxGraphBuilder("qmatmul")
            .Input("a", OnnxDataType.UInt8, 2, 4)
            .Initializer(OnnxTensor.FromFloats("scale", [], [0.1f]))
            .Initializer(OnnxTensor.FromRaw("zero", OnnxDataType.UInt8, [], [128]))
            .Initializer(OnnxTensor.FromRaw("b", OnnxDataType.UInt8, [4, 3], new byte[12]))
            .Node("QLinearMatMul", ["a", "scale", "zero", "b", "scale", "zero", "scale", "zero"], ["y"])
            .Output("y", OnnxDataType.UInt8, 2, 3)
            .Build();

        var inspection = Inspect(model);

        // 2 · 2·4·3 = 48, all at int8.
        Assert.True(inspection.Cost.IsComplete, string.Join("; ", inspection.Cost.UnknownNodes));
        Assert.Equal(48, inspection.Cost.Operations);
        Assert.Equal(48, inspection.Cost.OperationsByPrecision["int8"]);
    }

    [Fact]
    public void ConvInteger_takes_its_third_input_as_a_zero_point_not_a_bias()
    {
        var model = new OnnxGraphBuilder("convinteger")
            .Input("x", OnnxDataType.UInt8, 1, 1, 3, 3)
            .Initializer(OnnxTensor.FromRaw("w", OnnxDataType.UInt8, [1, 1, 2, 2], new byte[4]))
            .Initializer(OnnxTensor.FromRaw("x_zero", OnnxDataType.UInt8, [], [1]))
            .Node("ConvInteger", ["x", "w", "x_zero"], ["y"])
            .Output("y", OnnxDataType.Int32, 1, 1, 2, 2)
            .Build();

        var inspection = Inspect(model);

        // 2 · 4 output elements · 1 channel · 4 taps = 32, with no bias add (main counted 36).
        Assert.Equal(32, inspection.Cost.Operations);
        Assert.Equal(32, inspection.Cost.OperationsByPrecision["int8"]);
    }

    [Fact]
    public void Loop_costs_its_body_times_a_constant_trip_count_and_is_unknown_for_a_run_time_one()
    {
        // Body: acc[4] + x[4] (x from the outer scope) → 4 operations per iteration.
        var body = new OnnxGraphBuilder("body")
            .Input("i", OnnxDataType.Int64)
            .Input("cond", OnnxDataType.Bool)
            .Input("acc", OnnxDataType.Float, 4)
            .Node("Identity", ["cond"], ["cond_out"])
            .Node("Add", ["acc", "x"], ["acc_out"])
            .Output("cond_out", OnnxDataType.Bool)
            .Output("acc_out", OnnxDataType.Float, 4)
            .Build().Graph;
        OnnxModel Looping(bool constantTrips)
        {
            var builder = new OnnxGraphBuilder("loop")
                .Input("x", OnnxDataType.Float, 4)
                .Input("acc0", OnnxDataType.Float, 4);
            builder = constantTrips ? builder.Initializer(OnnxTensor.FromInt64s("trips", [], [3])) : builder.Input("trips", OnnxDataType.Int64);
            return builder
                .Node("Loop", ["trips", "", "acc0"], ["acc"], new OnnxAttribute { Name = "body", Type = OnnxAttributeType.Graph, G = body })
                .Node("Relu", ["acc"], ["y"])
                .Output("y", OnnxDataType.Float, "n")
                .Build();
        }

        var constant = Inspect(Looping(constantTrips: true));
        var runTime = Inspect(Looping(constantTrips: false));

        // 3 iterations × 4, then Relu over the carried [4]: 16.
        Assert.True(constant.Cost.IsComplete, string.Join("; ", constant.Cost.UnknownNodes));
        Assert.Equal(16, constant.Cost.Operations);
        Assert.Contains(constant.Operators, o => o is { Operator: "Loop", HasCostModel: true });
        // A run-time trip count: the Loop is unknown, and so is the Relu over its output.
        Assert.Equal(
            [("Loop", "the trip count 'trips' is computed at run time"), ("Relu", "input 'acc' has no known type or shape")],
            runTime.Cost.UnknownNodes.Select(u => (u.Operator, u.Reason)));
        Assert.Equal(0, runTime.Cost.Operations);
    }

    [Fact]
    public void If_costs_its_larger_branch_as_an_upper_bound()
    {
        var cheap = new OnnxGraphBuilder("then").Node("Mul", ["x", "x"], ["t"]).Output("t", OnnxDataType.Float, 4).Build().Graph;
        var dear = new OnnxGraphBuilder("else")
            .Node("Add", ["x", "x"], ["e1"])
            .Node("Mul", ["e1", "x"], ["e2"])
            .Output("e2", OnnxDataType.Float, 4)
            .Build().Graph;
        var model = new OnnxGraphBuilder("if")
            .Input("x", OnnxDataType.Float, 4)
            .Input("flag", OnnxDataType.Bool)
            .Node(
                "If",
                ["flag"],
                ["y"],
                new OnnxAttribute { Name = "then_branch", Type = OnnxAttributeType.Graph, G = cheap },
                new OnnxAttribute { Name = "else_branch", Type = OnnxAttributeType.Graph, G = dear })
            .Node("Relu", ["y"], ["r"])
            .Output("r", OnnxDataType.Float, "n")
            .Build();

        var inspection = Inspect(model);

        // then: 4; else: 4 + 4 = 8 → 8, then Relu over the [4] both branches agree on: 12.
        Assert.True(inspection.Cost.IsComplete, string.Join("; ", inspection.Cost.UnknownNodes));
        Assert.Equal(12, inspection.Cost.Operations);
    }

    [Fact]
    public void Scan_costs_its_body_times_the_scanned_axis_length()
    {
        var body = new OnnxGraphBuilder("body")
            .Input("sum_in", OnnxDataType.Float, 2)
            .Input("row", OnnxDataType.Float, 2)
            .Node("Add", ["sum_in", "row"], ["sum_out"])
            .Node("Identity", ["sum_out"], ["scan_out"])
            .Output("sum_out", OnnxDataType.Float, 2)
            .Output("scan_out", OnnxDataType.Float, 2)
            .Build().Graph;
        var model = new OnnxGraphBuilder("scan")
            .Input("initial", OnnxDataType.Float, 2)
            .Input("rows", OnnxDataType.Float, 5, 2)
            .Node("Scan", ["initial", "rows"], ["sum", "partial"], OnnxAttribute.Int("num_scan_inputs", 1), new OnnxAttribute { Name = "body", Type = OnnxAttributeType.Graph, G = body })
            .Node("Relu", ["partial"], ["r"])
            .Output("sum", OnnxDataType.Float, "n")
            .Output("r", OnnxDataType.Float, "s", "n")
            .Build();

        var inspection = Inspect(model);

        // 5 steps × 2 adds = 10; Relu over the stacked partial sums [5,2]: 10.
        Assert.True(inspection.Cost.IsComplete, string.Join("; ", inspection.Cost.UnknownNodes));
        Assert.Equal(20, inspection.Cost.Operations);
    }

    [Fact]
    public void A_run_time_shape_uses_the_declared_output_but_a_data_dependent_size_stays_unknown()
    {
        var model = new OnnxGraphBuilder("runtime")
            .Input("x", OnnxDataType.Float, 2, 6)
            .Input("shape", OnnxDataType.Int64, 2)
            .Input("pads", OnnxDataType.Int64, 4)
            .Node("Reshape", ["x", "shape"], ["r"])
            .Node("Pad", ["r", "pads"], ["p"])
            .Node("Relu", ["p"], ["y"])
            .Node("NonZero", ["y"], ["nz"])
            .Output("y", OnnxDataType.Float, 5, 8)
            .Output("nz", OnnxDataType.Int64, 2, "count")
            .Build();
        model.Graph.ValueInfo.Add(OnnxValueInfo.Tensor("p", OnnxDataType.Float, OnnxDimension.Fixed(5), OnnxDimension.Fixed(8)));

        var inspection = Inspect(model);

        // Reshape is a view whatever its target; Pad's output is declared [5,8]; Relu 40. NonZero's output size is the data's.
        Assert.Equal(40, inspection.Cost.Operations);
        var unknown = Assert.Single(inspection.Cost.UnknownNodes);
        Assert.Equal("NonZero", unknown.Operator);
        Assert.Contains(inspection.Operators, o => o is { Operator: "Pad", HasCostModel: true });
    }

    private static ModelInspection Inspect(OnnxModel model)
    {
        var bytes = OnnxModelWriter.ToBytes(model);
        return ModelInspector.Inspect(OnnxModelReader.Read(bytes, "test model"), "test model", bytes.Length, new InspectionOptions());
    }
}
