using EfficiencyKit.Onnx.Inspection;
using EfficiencyKit.Onnx.Model;
using EfficiencyKit.Onnx.Quantization;

namespace EfficiencyKit.Onnx.Tests;

public sealed class QuantizerTests() : QuantizerTest("ek-quantize-")
{
    [Fact]
    public void Int8_rewrites_each_matmul_into_the_quantize_dynamic_pattern()
    {
        var report = Quantize(TestModels.Mlp(), QuantizationTarget.Int8, out var model);

        Assert.Equal(
            ["DynamicQuantizeLinear", "MatMulInteger", "Cast", "Mul", "Mul", "Add", "Relu", "DynamicQuantizeLinear", "MatMulInteger", "Cast", "Mul", "Mul"],
            model.Graph.Nodes.Select(n => n.OpType));
        var first = model.Graph.Nodes[1];
        Assert.Equal(["x_quantized", "W1_quantized", "x_zero_point", "W1_zero_point"], first.Inputs);
        Assert.Equal(["x_quantized", "x_scale", "x_zero_point"], model.Graph.Nodes[0].Outputs);
        Assert.Equal("h1", model.Graph.Nodes[4].Outputs.Single());
        Assert.All(report.Nodes, n => Assert.True(n.Rewritten));
        Assert.Equal(2, report.Nodes.Count);
        Assert.DoesNotContain(model.Graph.Initializers, t => t.Name is "W1" or "W2");
        Assert.Equal(OnnxDataType.Int8, model.Graph.Initializers.Single(t => t.Name == "W1_quantized").DataType);
    }

    [Fact]
    public void Int8_weights_are_per_tensor_symmetric_with_round_half_to_even()
    {
        var original = TestModels.Mlp(inputs: 8, hidden: 16, outputs: 4);
        var w1 = OnnxTensorData.ReadFloats(original.Graph.Initializers.Single(t => t.Name == "W1"));

        var report = Quantize(original, QuantizationTarget.Int8, out var model);

        var scale = OnnxTensorData.ReadFloats(model.Graph.Initializers.Single(t => t.Name == "W1_scale")).Single();
        Assert.Equal((float)(w1.Max(Math.Abs) * 2.0 / 254.0), scale);
        var quantized = OnnxTensorData.ReadElementBytes(model.Graph.Initializers.Single(t => t.Name == "W1_quantized")).Select(b => (sbyte)b).ToArray();
        for (var i = 0; i < w1.Length; i++)
        {
            Assert.Equal(Math.Round(w1[i] / scale, MidpointRounding.ToEven), quantized[i]);
        }

        Assert.Contains(quantized, q => q is 127 or -127);
        Assert.Equal(0, OnnxTensorData.ReadElementBytes(model.Graph.Initializers.Single(t => t.Name == "W1_zero_point")).Single());
        var tensor = report.Tensors.Single(t => t.Name == "W1");
        Assert.InRange(tensor.MaxAbsError, 1e-9, scale / 2 * 1.0001);
    }

    [Fact]
    public void The_input_is_never_the_output_through_a_symbolic_link_to_the_file_or_to_its_folder()
    {
        var real = Directory.CreateDirectory(Path.Combine(TestDirectory, "real")).FullName;
        var model = Path.Combine(real, "model.onnx");
        OnnxModelWriter.Write(TestModels.Mlp(inputs: 8, hidden: 16, outputs: 4), model);
        var original = File.ReadAllBytes(model);
        File.CreateSymbolicLink(Path.Combine(TestDirectory, "cur.onnx"), model);
        Directory.CreateSymbolicLink(Path.Combine(TestDirectory, "linked"), real);

        foreach (var (input, output) in new[]
                 {
                     (Path.Combine(TestDirectory, "cur.onnx"), model),
                     (model, Path.Combine(TestDirectory, "cur.onnx")),
                     (Path.Combine(TestDirectory, "linked", "model.onnx"), model),
                     (Path.Combine(TestDirectory, "cur.onnx"), Path.Combine(TestDirectory, "linked", ".", "model.onnx")),
                 })
        {
            var error = Assert.Throws<ArgumentException>(() => ModelQuantizer.Quantize(input, output, QuantizationTarget.Int8));
            Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(original, File.ReadAllBytes(model));

        // A new file beside the link target is fine, and so is a hard link's own name being replaced: the input keeps its bytes.
        var hardLink = Path.Combine(TestDirectory, "hard.onnx");
        Assert.Equal(0, Link(model, hardLink));
        ModelQuantizer.Quantize(Path.Combine(TestDirectory, "cur.onnx"), hardLink, QuantizationTarget.Int8);
        Assert.Equal(original, File.ReadAllBytes(model));
        Assert.NotEqual(original, File.ReadAllBytes(hardLink));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Int8_leaves_a_weight_with_non_finite_values_in_fp32_and_says_why(float poison)
    {
        var original = TestModels.Mlp(inputs: 8, hidden: 16, outputs: 4);
        var w1 = original.Graph.Initializers.Single(t => t.Name == "W1");
        var values = OnnxTensorData.ReadFloats(w1);
        values[5] = poison;
        original.Graph.Initializers[original.Graph.Initializers.IndexOf(w1)] = OnnxTensor.FromFloats("W1", [.. w1.Dims], values);

        var report = Quantize(original, QuantizationTarget.Int8, out var model);

        var skipped = Assert.Single(report.Nodes, n => !n.Rewritten);
        Assert.Contains("'W1' holds NaN or infinite weights", skipped.Detail, StringComparison.Ordinal);
        Assert.Equal(values, OnnxTensorData.ReadFloats(model.Graph.Initializers.Single(t => t.Name == "W1")));
        Assert.DoesNotContain(model.Graph.Initializers, t => t.Name == "W1_quantized");
        Assert.Contains(report.Tensors, t => t.Name == "W2");
    }

    [Fact]
    public void Int8_reduced_range_keeps_weights_within_seven_bits()
    {
        var original = TestModels.Mlp(inputs: 8, hidden: 16, outputs: 4);
        var w1 = OnnxTensorData.ReadFloats(original.Graph.Initializers.Single(t => t.Name == "W1"));
        var input = Path.Combine(TestDirectory, "input.onnx");
        OnnxModelWriter.Write(original, input);

        var report = ModelQuantizer.Quantize(input, Path.Combine(TestDirectory, "reduced.onnx"), new QuantizationOptions { ReduceRange = true });

        var model = OnnxModelReader.Read(report.OutputPath);
        var scale = OnnxTensorData.ReadFloats(model.Graph.Initializers.Single(t => t.Name == "W1_scale")).Single();
        Assert.Equal((float)(w1.Max(Math.Abs) / 64.0), scale);
        var quantized = OnnxTensorData.ReadElementBytes(model.Graph.Initializers.Single(t => t.Name == "W1_quantized")).Select(b => (sbyte)b).ToArray();
        Assert.Equal(64, quantized.Max(q => Math.Abs((int)q)));
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void Int8_matmul_dominated_model_shrinks_below_three_tenths_and_inspects_as_int8_work()
    {
        var report = Quantize(TestModels.Mlp(), QuantizationTarget.Int8, out _);

        Assert.InRange(report.SizeRatio, 0.24, 0.3);
        var inspection = ModelInspector.Inspect(report.OutputPath, new InspectionOptions { BatchSize = 64 });
        Assert.True(inspection.Cost.IsComplete, string.Join("; ", inspection.Cost.UnknownNodes));
        Assert.Equal(2 * 2 * 64 * 256 * 1024, inspection.Cost.OperationsByPrecision["int8"]);
        Assert.Equal(525_312, inspection.ParameterCount - 4);
        var fp32 = ModelInspector.Inspect(Path.Combine(TestDirectory, "input.onnx"), new InspectionOptions { BatchSize = 64 });
        Assert.True(inspection.Energy.Joules < fp32.Energy.Joules);
    }

    [Fact]
    public void Int8_reports_gemm_and_conv_as_skipped_with_a_reason()
    {
        var report = Quantize(TestModels.ConvNet(), QuantizationTarget.Int8, out var model);

        Assert.Equal(["Conv", "Conv", "Gemm"], report.Nodes.Select(n => n.Operator).OrderBy(o => o, StringComparer.Ordinal));
        Assert.All(report.Nodes, n => Assert.False(n.Rewritten));
        Assert.Contains("no integer Gemm", report.Nodes.Single(n => n.Operator == "Gemm").Detail);
        Assert.Empty(report.Tensors);
        Assert.Equal(8, model.Graph.Nodes.Count);
    }

    [Fact]
    public void Int8_quantizes_a_shared_weight_once_and_skips_matmuls_with_computed_b()
    {
        var random = new Random(5);
        var model = new OnnxGraphBuilder("shared")
            .Input("x", OnnxDataType.Float, "batch", 4)
            .Initializer(TestModels.Weights(random, "W", 4, 4))
            .Node("MatMul", ["x", "W"], ["a"])
            .Node("MatMul", ["a", "W"], ["b"])
            .Node("MatMul", ["a", "b"], ["y"])
            .Output("y", OnnxDataType.Float, "batch", 4)
            .Build();

        var report = Quantize(model, QuantizationTarget.Int8, out var written);

        Assert.Single(report.Tensors);
        Assert.Equal([true, true, false], report.Nodes.Select(n => n.Rewritten));
        Assert.Contains("computed at run time", report.Nodes[2].Detail);
        Assert.Equal(2, written.Graph.Nodes.Count(n => n.OpType == "DynamicQuantizeLinear"));
    }

    [Fact]
    public void Fp16_halves_the_weights_and_casts_them_back_where_they_are_read()
    {
        var report = Quantize(TestModels.Mlp(), QuantizationTarget.Float16, out var model);

        Assert.InRange(report.SizeRatio, 0.49, 0.51);
        Assert.Equal(3, report.Tensors.Count);
        Assert.All(report.Tensors, t => Assert.InRange(t.MaxAbsError, 0, 1e-3));
        Assert.Equal(["Cast", "Cast", "Cast", "MatMul", "Add", "Relu", "MatMul"], model.Graph.Nodes.Select(n => n.OpType));
        Assert.All(model.Graph.Initializers, t => Assert.Equal(OnnxDataType.Float16, t.DataType));
    }

    [Fact]
    public void The_input_model_is_never_overwritten()
    {
        var path = Path.Combine(TestDirectory, "model.onnx");
        OnnxModelWriter.Write(TestModels.Mlp(inputs: 4, hidden: 4, outputs: 4), path);
        var before = File.ReadAllBytes(path);

        var error = Assert.Throws<ArgumentException>(() => ModelQuantizer.Quantize(path, Path.Combine(TestDirectory, ".", "model.onnx"), QuantizationTarget.Int8));

        Assert.Contains("new file", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [PythonOnnxFact]
    public void Quantized_models_pass_the_onnx_checker_and_strict_shape_inference()
    {
        // int4's com.microsoft operators are outside the checker's schemas; the rest of the model is still checked.
        foreach (var target in new[] { QuantizationTarget.Int8, QuantizationTarget.Float16, QuantizationTarget.Int4 })
        {
            var report = Quantize(TestModels.Mlp(), target, out _);

            var (exitCode, output) = Oracles.CheckModel(report.OutputPath);

            Assert.True(exitCode == 0, $"{target}: {output}");
        }
    }

    private QuantizationReport Quantize(OnnxModel model, QuantizationTarget target, out OnnxModel written)
        => Quantize(model, new QuantizationOptions { Target = target }, out written);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(string existing, string newName);
}
