using EfficiencyKit.Onnx.Model;
using EfficiencyKit.Onnx.Quantization;
using EfficiencyKit.Tests.Shared;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace EfficiencyKit.Onnx.Tests.Ort;

/// <summary>
/// Every model the ONNX toolkit writes (fp32, int8, fp16) loads and runs in ONNX Runtime 1.32 (the Microsoft.ML.OnnxRuntime
/// package); int8 outputs
/// equal the managed reference of the ONNX op semantics exactly; the fp32-vs-int8/fp16 error is reported.
/// </summary>
public sealed class QuantizedModelValidationTests(ITestOutputHelper output) : TemporaryDirectoryTest("ek-ort-validate-")
{
    private readonly ITestOutputHelper _output = output;

    // 7-bit weights cannot saturate ORT's 16-bit pair sums on any x86 CPU, so ORT must equal the ONNX semantics bit for bit.
    [Theory]
    [InlineData(GraphOptimizationLevel.ORT_DISABLE_ALL)]
    [InlineData(GraphOptimizationLevel.ORT_ENABLE_ALL)]
    public void Int8_reduced_range_mlp_output_equals_the_managed_reference_exactly(GraphOptimizationLevel level)
        => AssertExactlyReference(level, reduceRange: true);

    // Full-range weights are exact only where ORT's kernels accumulate without 16-bit saturation (VNNI).
    [VnniTheory]
    [InlineData(GraphOptimizationLevel.ORT_DISABLE_ALL)]
    [InlineData(GraphOptimizationLevel.ORT_ENABLE_ALL)]
    public void Int8_full_range_mlp_output_equals_the_managed_reference_exactly_on_vnni_cpus(GraphOptimizationLevel level)
        => AssertExactlyReference(level, reduceRange: false);

    private void AssertExactlyReference(GraphOptimizationLevel level, bool reduceRange)
    {
        var (_, int8Path) = Write(TestModels.Mlp(), new QuantizationOptions { ReduceRange = reduceRange });
        var int8 = OnnxModelReader.Read(int8Path);

        foreach (var batch in new[] { 1, 64 })
        {
            var input = Reference.Values(batch * 256, seed: batch);
            var ort = RunOrt(int8Path, level, input, batch, 256);
            var reference = ReferenceEvaluator.Run(int8, "x", input, batch);

            Assert.Equal(reference.Length, ort.Length);
            Assert.Equal(0f, reference.Zip(ort, (r, o) => Math.Abs(r - o)).Max());
        }
    }

    [Fact]
    public void Fp32_mlp_matches_the_managed_reference()
    {
        var (fp32Path, _) = Write(TestModels.Mlp(), new QuantizationOptions());
        var input = Reference.Values(64 * 256, seed: 11);

        var ort = RunOrt(fp32Path, GraphOptimizationLevel.ORT_ENABLE_ALL, input, 64, 256);

        Reference.AssertClose(ReferenceEvaluator.Run(TestModels.Mlp(), "x", input, 64), ort, 1e-4f);
    }

    [Fact]
    public void Int8_reduced_range_classifier_error_against_fp32_is_small_and_reported()
        => AssertClassifierError(reduceRange: true);

    [VnniFact]
    public void Int8_full_range_classifier_error_against_fp32_is_small_on_vnni_cpus()
        => AssertClassifierError(reduceRange: false);

    private void AssertClassifierError(bool reduceRange)
    {
        const int Rows = 1024, Features = 64, Classes = 10;
        var (fp32Path, int8Path) = Write(TestModels.Mlp(inputs: Features, hidden: 256, outputs: Classes), new QuantizationOptions { ReduceRange = reduceRange });
        var input = Reference.Values(Rows * Features, seed: 5);

        var fp32 = RunOrt(fp32Path, GraphOptimizationLevel.ORT_ENABLE_ALL, input, Rows, Features);
        var int8 = RunOrt(int8Path, GraphOptimizationLevel.ORT_ENABLE_ALL, input, Rows, Features);

        var error = OutputError.Of(fp32, int8, Classes);
        _output.WriteLine($"int8 ({(reduceRange ? "7-bit" : "8-bit")} weights) vs fp32, {Rows} rows: {error}");
        Assert.InRange(error.RelativeRms, 1e-6, 0.05);
        Assert.InRange(error.Top1Agreement, 0.95, 1.0);
        Assert.True(new FileInfo(int8Path).Length < 0.3 * new FileInfo(fp32Path).Length);
    }

    [Fact]
    public void Fp16_weights_run_with_error_bounded_by_half_precision()
    {
        var (fp32Path, fp16Path) = Write(TestModels.Mlp(), new QuantizationOptions { Target = QuantizationTarget.Float16 });
        var input = Reference.Values(64 * 256, seed: 9);

        var fp32 = RunOrt(fp32Path, GraphOptimizationLevel.ORT_ENABLE_ALL, input, 64, 256);
        var fp16 = RunOrt(fp16Path, GraphOptimizationLevel.ORT_ENABLE_ALL, input, 64, 256);

        var error = OutputError.Of(fp32, fp16, 256);
        _output.WriteLine($"fp16 vs fp32, 64 rows: {error}");
        Assert.InRange(error.MaxAbs, 1e-7, 5e-3);
    }

    [Fact]
    public void Conv_net_and_attention_block_run_in_every_precision()
    {
        var cases = new (string Name, Func<OnnxModel> Build, long[] Shape, int Features)[]
        {
            ("convnet", () => TestModels.ConvNet(), [2, 3, 32, 32], 10),
            ("attention", () => TestModels.AttentionBlock(), [2, 10, 64], 64),
        };
        foreach (var (name, build, shape, features) in cases)
        {
            var input = Reference.Values((int)shape.Aggregate(1L, (a, b) => a * b), seed: 2);
            var inputName = build().Graph.Inputs[0].Name;
            var fp32Path = Path.Combine(TestDirectory, name + ".onnx");
            OnnxModelWriter.Write(build(), fp32Path);
            var fp32 = RunOrt(fp32Path, input, shape, inputName);
            foreach (var target in new[] { QuantizationTarget.Int8, QuantizationTarget.Float16 })
            {
                var path = Path.Combine(TestDirectory, $"{name}.{target}.onnx");
                ModelQuantizer.Quantize(fp32Path, path, new QuantizationOptions { Target = target, ReduceRange = true });

                var quantized = RunOrt(path, input, shape, inputName);

                var error = OutputError.Of(fp32, quantized, features);
                _output.WriteLine($"{name} {target} vs fp32: {error}");
                Assert.InRange(error.RelativeRms, 0, 0.05);
            }
        }
    }

    private (string Fp32, string Quantized) Write(OnnxModel model, QuantizationOptions options)
    {
        var fp32 = Path.Combine(TestDirectory, "model.onnx");
        OnnxModelWriter.Write(model, fp32);
        var quantized = Path.Combine(TestDirectory, $"model.{options.Target}.onnx");
        ModelQuantizer.Quantize(fp32, quantized, options);
        return (fp32, quantized);
    }

    private static float[] RunOrt(string path, GraphOptimizationLevel level, float[] input, int rows, int columns)
        => OrtRun.Floats(path, level, "x", input, rows, columns);

    // ORT's defaults (optimizations on, intra-op threads = cores), as a user's session would have them.
    private static float[] RunOrt(string path, float[] input, long[] shape, string inputName)
    {
        using var session = new InferenceSession(path);
        return OrtRun.Floats(session, inputName, input, shape).Values;
    }
}
