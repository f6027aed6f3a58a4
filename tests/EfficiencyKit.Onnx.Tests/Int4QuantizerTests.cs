using EfficiencyKit.Onnx.Inspection;
using EfficiencyKit.Onnx.Model;
using EfficiencyKit.Onnx.Quantization;

namespace EfficiencyKit.Onnx.Tests;

public sealed class Int4QuantizerTests() : QuantizerTest("ek-int4-")
{
    [Fact]
    public void Each_matmul_with_a_constant_2d_weight_becomes_matmulnbits_with_its_shape_and_settings()
    {
        var report = Quantize(TestModels.Mlp(), new QuantizationOptions { Target = QuantizationTarget.Int4 }, out var model);

        Assert.Equal(["MatMulNBits", "Add", "Relu", "MatMulNBits"], model.Graph.Nodes.Select(n => n.OpType));
        var first = model.Graph.Nodes[0];
        Assert.Equal("com.microsoft", first.Domain);
        Assert.Equal(["x", "W1_Q4", "W1_scales"], first.Inputs);
        Assert.Equal(["h1"], first.Outputs);
        Assert.Equal((256L, 1024L, 4L, 32L, 4L), (first.GetInt("K", 0), first.GetInt("N", 0), first.GetInt("bits", 0), first.GetInt("block_size", 0), first.GetInt("accuracy_level", -1)));
        Assert.Equal([1024L, 8, 16], Initializer(model, "W1_Q4").Dims);
        Assert.Equal(OnnxDataType.UInt8, Initializer(model, "W1_Q4").DataType);
        Assert.Equal([1024L * 8], Initializer(model, "W1_scales").Dims);
        Assert.DoesNotContain(model.Graph.Initializers, t => t.Name is "W1" or "W2" || t.Name.EndsWith("_zero_points", StringComparison.Ordinal));
        Assert.Equal(1, model.OpsetVersion("com.microsoft"));
        Assert.Equal(17, model.OpsetVersion(""));
        Assert.All(report.Nodes, n => Assert.True(n.Rewritten));
        Assert.Contains("MatMulNBits (K 256, N 1024, 4-bit, block 32, symmetric, accuracy_level 4)", report.Nodes[0].Detail, StringComparison.Ordinal);

        // 4 bits per weight plus one fp32 scale per 32 weights: 5/32 of fp32.
        var w1 = report.Tensors.Single(t => t.Name == "W1");
        Assert.Equal((256L * 1024 * 4, (256L * 1024 / 2) + (256L * 1024 / 32 * 4)), (w1.BytesBefore, w1.BytesAfter));
        Assert.InRange(report.SizeRatio, 0.15, 0.17);
    }

    [Fact]
    public void The_int4_copy_inspects_completely_as_int8_work_and_models_less_energy_than_int8()
    {
        var int8Path = Quantize(TestModels.Mlp(), new QuantizationOptions(), out _).OutputPath;
        Quantize(TestModels.Embedding(), new QuantizationOptions { Target = QuantizationTarget.Int4, QuantizeEmbeddings = true }, out _);
        var embedding = ModelInspector.Inspect(Path.Combine(TestDirectory, "output.int4.onnx"), new InspectionOptions { BatchSize = 2, Dimensions = new System.Collections.Generic.Dictionary<string, long> { ["sequence"] = 8 } });
        Quantize(TestModels.Mlp(), new QuantizationOptions { Target = QuantizationTarget.Int4 }, out _);

        var int4 = ModelInspector.Inspect(Path.Combine(TestDirectory, "output.int4.onnx"), new InspectionOptions { BatchSize = 64 });
        var int8 = ModelInspector.Inspect(int8Path, new InspectionOptions { BatchSize = 64 });

        Assert.True(int4.Cost.IsComplete, string.Join("; ", int4.Cost.UnknownNodes));
        Assert.Equal(2 * 2 * 64 * 256 * 1024, int4.Cost.OperationsByPrecision["int8"]);
        Assert.True(int4.Energy.Joules < int8.Energy.Joules, $"int4 {int4.Energy.Joules} J, int8 {int8.Energy.Joules} J");
        Assert.True(embedding.Cost.IsComplete, string.Join("; ", embedding.Cost.UnknownNodes));
        Assert.Equal((2 * 8 * 96 * 2) + (2 * 2 * 8 * 96 * 64), embedding.Cost.Operations);
    }

    [Theory]
    [InlineData(true, 32)]
    [InlineData(false, 32)]
    [InlineData(true, 64)]
    [InlineData(false, 128)]
    public void Codes_decode_to_the_weights_within_half_a_step_and_the_block_extreme_exactly(bool symmetric, int blockSize)
    {
        // K = 200 is no multiple of the block size: the last block of each column is short and padded.
        var random = new Random(blockSize);
        var original = new OnnxGraphBuilder("one")
            .Input("x", OnnxDataType.Float, "batch", 200)
            .Initializer(TestModels.Weights(random, "W", 200, 6))
            .Node("MatMul", ["x", "W"], ["y"])
            .Output("y", OnnxDataType.Float, "batch", 6)
            .Build();
        var w = OnnxTensorData.ReadFloats(Initializer(original, "W"));

        var report = Quantize(original, new QuantizationOptions { Target = QuantizationTarget.Int4, BlockSize = blockSize, Symmetric = symmetric, AccuracyLevel = 0 }, out var model);

        var node = model.Graph.Nodes.Single();
        var blocks = (200 + blockSize - 1) / blockSize;
        Assert.Equal([6L, blocks, blockSize / 2], Initializer(model, node.Inputs[1]).Dims);
        Assert.Equal(symmetric ? 3 : 4, node.Inputs.Count);
        if (!symmetric)
        {
            Assert.Equal([6L * ((blocks + 1) / 2)], Initializer(model, node.Inputs[3]).Dims);
        }

        var decoded = Int4Reference.MatMulWeight(model, node);
        var scales = OnnxTensorData.ReadFloats(Initializer(model, node.Inputs[2]));
        var maxError = 0.0;
        for (var col = 0; col < 6; col++)
        {
            for (var block = 0; block < blocks; block++)
            {
                var rows = Enumerable.Range(block * blockSize, Math.Min(blockSize, 200 - (block * blockSize))).ToArray();
                var step = Math.Abs(scales[(col * blocks) + block]);
                var extreme = rows.OrderByDescending(r => Math.Abs(w[(r * 6) + col])).First();
                var min = Math.Min(0, rows.Min(r => w[(r * 6) + col]));
                var max = Math.Max(0, rows.Max(r => w[(r * 6) + col]));
                Assert.Equal(symmetric ? Math.Abs(w[(extreme * 6) + col]) / 8 : (max - min) / 15, step, 6);
                if (symmetric)
                {
                    Assert.Equal(w[(extreme * 6) + col], decoded[(extreme * 6) + col]);
                }

                foreach (var row in rows)
                {
                    var error = Math.Abs(w[(row * 6) + col] - decoded[(row * 6) + col]);
                    maxError = Math.Max(maxError, error);

                    // Symmetric blocks clamp the opposite extreme at +7 steps: up to one whole step off there.
                    Assert.True(error <= step * (symmetric ? 1.0001 : 0.5001), $"W[{row},{col}]: {w[(row * 6) + col]} decodes to {decoded[(row * 6) + col]} (step {step})");
                }
            }
        }

        Assert.Equal(maxError, report.Tensors.Single().MaxAbsError, 6);
    }

    [Fact]
    public void Asymmetric_blocks_of_one_sign_use_all_sixteen_codes_and_a_zero_point_of_their_own()
    {
        var positive = Enumerable.Range(0, 64).Select(i => 1f + (i / 63f)).ToArray();
        var model = new OnnxGraphBuilder("positive")
            .Input("x", OnnxDataType.Float, "batch", 64)
            .Initializer(OnnxTensor.FromFloats("W", [64, 1], positive))
            .Node("MatMul", ["x", "W"], ["y"])
            .Output("y", OnnxDataType.Float, "batch", 1)
            .Build();

        Quantize(model, new QuantizationOptions { Target = QuantizationTarget.Int4, Symmetric = false }, out var written);

        // Two blocks of 32 in one column: zero points share a byte (block 0 low nibble, block 1 high). Each block spans
        // 0..max (min is raised to 0), so zero point 0, and max sits at code 15.
        var zeroPoints = OnnxTensorData.ReadElementBytes(Initializer(written, "W_zero_points"));
        Assert.Equal([(byte)0x00], zeroPoints);
        var codes = OnnxTensorData.ReadElementBytes(Initializer(written, "W_Q4"));
        Assert.Equal(0xF, codes[31] >> 4);
        Assert.Equal(0xF, codes[15] >> 4);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void A_weight_with_non_finite_values_stays_fp32_and_the_report_says_why(float poison)
    {
        var random = new Random(1);
        var weights = OnnxTensorData.ReadFloats(TestModels.Weights(random, "W", 64, 8));
        weights[100] = poison;
        var model = new OnnxGraphBuilder("poisoned")
            .Input("x", OnnxDataType.Float, "batch", 64)
            .Initializer(OnnxTensor.FromFloats("W", [64, 8], weights))
            .Node("MatMul", ["x", "W"], ["y"])
            .Output("y", OnnxDataType.Float, "batch", 8)
            .Build();

        var report = Quantize(model, new QuantizationOptions { Target = QuantizationTarget.Int4 }, out var written);

        var node = Assert.Single(report.Nodes);
        Assert.False(node.Rewritten);
        Assert.Contains("NaN or infinite", node.Detail, StringComparison.Ordinal);
        Assert.Equal("MatMul", written.Graph.Nodes.Single().OpType);
        Assert.Equal(["W"], written.Graph.Initializers.Select(t => t.Name));
        Assert.Null(written.OpsetVersion("com.microsoft"));
    }

    [Fact]
    public void Weights_read_elsewhere_computed_batched_or_fed_at_run_time_stay_fp32_with_the_reason()
    {
        var random = new Random(2);
        var model = new OnnxGraphBuilder("awkward")
            .Input("x", OnnxDataType.Float, "batch", 32)
            .Input("Fed", OnnxDataType.Float, 32, 32)
            .Initializer(TestModels.Weights(random, "Shared", 32, 32))
            .Initializer(TestModels.Weights(random, "Twice", 32, 32))
            .Initializer(TestModels.Weights(random, "Batched", 2, 32, 32))
            .Initializer(TestModels.Weights(random, "Fed", 32, 32))
            .Node("MatMul", ["x", "Shared"], ["a"])
            .Node("Transpose", ["Shared"], ["shared_t"])
            .Node("MatMul", ["a", "shared_t"], ["b"])
            .Node("MatMul", ["b", "Twice"], ["c"])
            .Node("MatMul", ["c", "Twice"], ["d"])
            .Node("MatMul", ["d", "Batched"], ["e"])
            .Node("MatMul", ["e", "Fed"], ["y"])
            .Output("y", OnnxDataType.Float, 2, "batch", 32)
            .Build();

        var report = Quantize(model, new QuantizationOptions { Target = QuantizationTarget.Int4 }, out var written);

        Assert.Equal([false, false, true, true, false, false], report.Nodes.Select(n => n.Rewritten));
        Assert.Contains("also read by 1 node(s) or graph output(s) that are not converted", report.Nodes[0].Detail, StringComparison.Ordinal);
        Assert.Contains("computed at run time", report.Nodes[1].Detail, StringComparison.Ordinal);
        Assert.Contains("rank 3; MatMulNBits takes a 2-D B [K, N]", report.Nodes[4].Detail, StringComparison.Ordinal);
        Assert.Contains("also a graph input", report.Nodes[5].Detail, StringComparison.Ordinal);

        // One 4-bit copy for the weight both MatMuls read; the fp32 weights still read stay.
        Assert.Equal(["Twice"], report.Tensors.Select(t => t.Name));
        Assert.Equal(2, written.Graph.Nodes.Count(n => n.Inputs.Contains("Twice_Q4")));
        Assert.Equal(["Batched", "Fed", "Shared", "Twice_Q4", "Twice_scales"], written.Graph.Initializers.Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Embedding_tables_become_gatherblockquantized_only_when_asked()
    {
        var plain = Quantize(TestModels.Embedding(), new QuantizationOptions { Target = QuantizationTarget.Int4 }, out var matMulsOnly);
        var report = Quantize(TestModels.Embedding(), new QuantizationOptions { Target = QuantizationTarget.Int4, QuantizeEmbeddings = true, Symmetric = false, BlockSize = 64 }, out var model);

        Assert.Equal(["Gather", "MatMulNBits"], matMulsOnly.Graph.Nodes.Select(n => n.OpType));
        Assert.Single(plain.Nodes);
        Assert.Equal(["GatherBlockQuantized", "MatMulNBits"], model.Graph.Nodes.Select(n => n.OpType));
        var gather = model.Graph.Nodes[0];
        Assert.Equal(("com.microsoft", 0L, 1L, 64L), (gather.Domain, gather.GetInt("gather_axis", -1), gather.GetInt("quantize_axis", -1), gather.GetInt("block_size", 0)));
        Assert.Equal(["E_Q4", "ids", "E_scales", "E_zero_points"], gather.Inputs);

        // 96 values a row: 48 bytes of codes, blocks of 64 and 32 (two scales), both zero points in one byte.
        Assert.Equal([1000L, 48], Initializer(model, "E_Q4").Dims);
        Assert.Equal([1000L, 2], Initializer(model, "E_scales").Dims);
        Assert.Equal([1000L, 1], Initializer(model, "E_zero_points").Dims);
        Assert.Contains("GatherBlockQuantized (4-bit, block 64, asymmetric)", report.Nodes[0].Detail, StringComparison.Ordinal);

        var table = OnnxTensorData.ReadFloats(Initializer(TestModels.Embedding(), "E"));
        var decoded = Int4Reference.GatherTable(model, gather, out _);
        var scales = OnnxTensorData.ReadFloats(Initializer(model, "E_scales"));
        for (var i = 0; i < table.Length; i++)
        {
            Assert.True(Math.Abs(table[i] - decoded[i]) <= scales[((i / 96) * 2) + (i % 96 / 64)] * 0.5001, $"E[{i / 96},{i % 96}]");
        }
    }

    [Fact]
    public void Gathers_of_columns_and_odd_width_tables_stay_fp32_with_the_reason()
    {
        var random = new Random(3);
        var model = new OnnxGraphBuilder("gathers")
            .Input("ids", OnnxDataType.Int64, "n")
            .Initializer(TestModels.Weights(random, "Columns", 10, 64))
            .Initializer(TestModels.Weights(random, "Odd", 10, 33))
            .Node("Gather", ["Columns", "ids"], ["a"], OnnxAttribute.Int("axis", 1))
            .Node("Gather", ["Odd", "ids"], ["y"])
            .Output("a", OnnxDataType.Float, 10, "n")
            .Output("y", OnnxDataType.Float, "n", 33)
            .Build();

        var report = Quantize(model, new QuantizationOptions { Target = QuantizationTarget.Int4, QuantizeEmbeddings = true }, out _);

        Assert.Equal([false, false], report.Nodes.Select(n => n.Rewritten));
        Assert.Contains("gathers rows (axis 0) only", report.Nodes[0].Detail, StringComparison.Ordinal);
        Assert.Contains("need an even width", report.Nodes[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void New_names_never_collide_with_the_model_s_own()
    {
        var model = TestModels.Mlp(inputs: 32, hidden: 32, outputs: 32);
        model.Graph.Initializers.Add(OnnxTensor.FromFloats("W1_scales", [1], [3f]));
        model.Graph.Outputs.Add(new OnnxValueInfo { Name = "W1_scales" });

        Quantize(model, new QuantizationOptions { Target = QuantizationTarget.Int4 }, out var written);

        Assert.Equal(["x", "W1_Q4", "W1_scales_1"], written.Graph.Nodes[0].Inputs);
        Assert.Equal([3f], OnnxTensorData.ReadFloats(Initializer(written, "W1_scales")));
    }

    [Fact]
    public void A_weight_in_external_data_is_streamed_into_the_same_codes_as_inline()
    {
        var inline = TestModels.Mlp(inputs: 64, hidden: 96, outputs: 8);
        var w1 = Initializer(inline, "W1");
        var external = TestModels.Mlp(inputs: 64, hidden: 96, outputs: 8);
        var outside = Initializer(external, "W1");
        File.WriteAllBytes(Path.Combine(TestDirectory, "weights.bin"), OnnxTensorData.ReadElementBytes(w1));
        outside.RawData = null;
        outside.DataLocation = 1;
        outside.ExternalData.Add(new("location", "weights.bin"));

        Quantize(inline, new QuantizationOptions { Target = QuantizationTarget.Int4 }, out var fromInline);
        Quantize(external, new QuantizationOptions { Target = QuantizationTarget.Int4 }, out var fromExternal);

        Assert.Equal(OnnxTensorData.ReadElementBytes(Initializer(fromInline, "W1_Q4")), OnnxTensorData.ReadElementBytes(Initializer(fromExternal, "W1_Q4")));
        Assert.Equal(OnnxTensorData.ReadFloats(Initializer(fromInline, "W1_scales")), OnnxTensorData.ReadFloats(Initializer(fromExternal, "W1_scales")));
    }

    [Theory]
    [InlineData(16, 4)]
    [InlineData(48, 4)]
    [InlineData(32, 5)]
    [InlineData(32, -1)]
    public void Block_sizes_and_accuracy_levels_outside_the_supported_ones_are_refused(int blockSize, int accuracyLevel)
    {
        var input = Path.Combine(TestDirectory, "input.onnx");
        OnnxModelWriter.Write(TestModels.Mlp(inputs: 8, hidden: 8, outputs: 8), input);

        Assert.Throws<ArgumentOutOfRangeException>(() => ModelQuantizer.Quantize(input, Path.Combine(TestDirectory, "out.onnx"), new QuantizationOptions { Target = QuantizationTarget.Int4, BlockSize = blockSize, AccuracyLevel = accuracyLevel }));
        Assert.False(File.Exists(Path.Combine(TestDirectory, "out.onnx")));
    }

    [Theory]
    [InlineData("int4", QuantizationTarget.Int4)]
    [InlineData("INT8", QuantizationTarget.Int8)]
    [InlineData("fp16", QuantizationTarget.Float16)]
    public void Target_names_round_trip(string name, QuantizationTarget target)
    {
        Assert.True(QuantizationTargets.TryParse(name, out var parsed));
        Assert.Equal(target, parsed);
        Assert.Equal(name.ToLowerInvariant(), QuantizationTargets.Name(target));
        Assert.False(QuantizationTargets.TryParse("int3", out _));
    }

    private static OnnxTensor Initializer(OnnxModel model, string name) => model.Graph.Initializers.Single(t => t.Name == name);
}
