using EfficiencyKit.Onnx.Model;
using EfficiencyKit.Onnx.Quantization;
using EfficiencyKit.Tests.Shared;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace EfficiencyKit.Onnx.Tests.Ort;

/// <summary>
/// 4-bit models (MatMulNBits, GatherBlockQuantized) load and run in ONNX Runtime 1.32; at accuracy_level 0 (fp32
/// arithmetic) ORT's output equals the fp32 model of the weights decoded from the documented layout, which checks our
/// packing against ORT's reading of it; the error against the original fp32 model is reported and bounded.
/// </summary>
public sealed class Int4ModelValidationTests(ITestOutputHelper output) : TemporaryDirectoryTest("ek-ort-int4-")
{
    private const int Features = 320, Outputs = 64;
    private readonly ITestOutputHelper _output = output;

    [Theory]
    [InlineData(true, 32)]
    [InlineData(false, 32)]
    [InlineData(true, 128)]
    [InlineData(false, 128)]
    public void Orts_output_at_fp32_arithmetic_equals_the_decoded_weights_model(bool symmetric, int blockSize)
    {
        var (_, int4Path) = Write(TestModels.DeepMlp(), new QuantizationOptions { Target = QuantizationTarget.Int4, Symmetric = symmetric, BlockSize = blockSize, AccuracyLevel = 0 });
        var twinPath = Path.Combine(TestDirectory, "twin.onnx");
        OnnxModelWriter.Write(Int4Reference.Dequantize(OnnxModelReader.Read(int4Path)), twinPath);

        foreach (var level in new[] { GraphOptimizationLevel.ORT_DISABLE_ALL, GraphOptimizationLevel.ORT_ENABLE_ALL })
        {
            foreach (var batch in new[] { 1, 64 })
            {
                var input = Reference.Values(batch * Features, seed: batch);
                var int4 = OrtRun.Floats(int4Path, level, "x", input, batch, Features);
                var twin = OrtRun.Floats(twinPath, level, "x", input, batch, Features);

                Reference.AssertClose(twin, int4, 1e-4f);
            }
        }
    }

    // Cosine bounds: measured 0.9934-0.9936 at block 32 and 0.9903-0.9936 at block 128 (ORT 1.32, AMD EPYC with
    // AVX-512 VNNI), with margin. The weights are uniform random, the hardest case for 4 bits; trained weights,
    // bell-shaped, lose less.
    [Theory]
    [InlineData(true, 32, 4, 0.99)]
    [InlineData(false, 32, 4, 0.99)]
    [InlineData(true, 128, 4, 0.985)]
    [InlineData(false, 128, 4, 0.985)]
    [InlineData(true, 32, 0, 0.99)]
    public void Error_against_fp32_is_reported_and_bounded_and_the_file_is_about_a_seventh(bool symmetric, int blockSize, int accuracyLevel, double minimumCosine)
    {
        var (fp32Path, int4Path) = Write(TestModels.DeepMlp(), new QuantizationOptions { Target = QuantizationTarget.Int4, Symmetric = symmetric, BlockSize = blockSize, AccuracyLevel = accuracyLevel });
        const int Rows = 256;
        var input = Reference.Values(Rows * Features, seed: 7);

        var fp32 = OrtRun.Floats(fp32Path, GraphOptimizationLevel.ORT_ENABLE_ALL, "x", input, Rows, Features);
        var int4 = OrtRun.Floats(int4Path, GraphOptimizationLevel.ORT_ENABLE_ALL, "x", input, Rows, Features);

        var error = OutputError.Of(fp32, int4, Outputs);
        var size = new FileInfo(int4Path).Length;
        var ratio = (double)size / new FileInfo(fp32Path).Length;
        _output.WriteLine(FormattableString.Invariant($"int4 {(symmetric ? "symmetric" : "asymmetric")} block {blockSize} accuracy_level {accuracyLevel} vs fp32, {Rows} rows: {error}; file {ratio:P1} of fp32"));
        Assert.InRange(error.Cosine, minimumCosine, 1.0);
        Assert.InRange(error.MaxAbs, 1e-6, double.MaxValue);

        // Per block: block/2 bytes of codes, a 4-byte scale, half a byte of zero point when asymmetric; K is padded
        // to whole blocks (320 → 384 at block 128). Plus the fp32 biases and the graph: under 1% more.
        var weights = new[] { (K: 320, N: 768), (K: 768, N: 512), (K: 512, N: 64) }
            .Sum(w => w.N * ((w.K + blockSize - 1) / blockSize) * ((blockSize / 2.0) + 4 + (symmetric ? 0 : 0.5)));
        var expected = weights + ((768 + 512) * 4);
        Assert.InRange(size, expected, (expected * 1.01) + 1024);
        Assert.InRange(ratio, 0.13, 0.17);
    }

    [Fact]
    public void Embeddings_and_projection_in_4_bits_run_and_stay_close_to_fp32()
    {
        var (fp32Path, int4Path) = Write(TestModels.Embedding(), new QuantizationOptions { Target = QuantizationTarget.Int4, QuantizeEmbeddings = true, Symmetric = false, BlockSize = 64 });
        var ids = Enumerable.Range(0, 2 * 12).Select(i => (long)((i * 37) + 5) % 1000).ToArray();
        var twinPath = Path.Combine(TestDirectory, "twin.onnx");
        OnnxModelWriter.Write(Int4Reference.Dequantize(OnnxModelReader.Read(int4Path)), twinPath);

        var fp32 = Run(fp32Path, ids);
        var int4 = Run(int4Path, ids);
        var twin = Run(twinPath, ids);

        Assert.Equal([2L, 12, 64], int4.Shape);
        var error = OutputError.Of(fp32.Values, int4.Values, 64);
        _output.WriteLine($"int4 embedding + projection vs fp32: {error}");
        Assert.InRange(error.Cosine, 0.99, 1.0);

        // accuracy_level 4 quantizes the projection's input to int8, so the decoded-weights model is close, not equal.
        Assert.InRange(OutputError.Of(twin.Values, int4.Values, 64).Cosine, 0.999, 1.0);
    }

    private (float[] Values, long[] Shape) Run(string path, long[] ids)
    {
        using var options = OrtRun.Options(GraphOptimizationLevel.ORT_ENABLE_ALL);
        using var session = new InferenceSession(path, options);
        using var value = OrtValue.CreateTensorValueFromMemory(ids, [2, 12]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["ids"], [value], [session.OutputNames[0]]);
        var output = outputs.Single();
        return (output.GetTensorDataAsSpan<float>().ToArray(), output.GetTensorTypeAndShape().Shape);
    }

    private (string Fp32, string Quantized) Write(OnnxModel model, QuantizationOptions options)
    {
        var fp32 = Path.Combine(TestDirectory, "model.onnx");
        OnnxModelWriter.Write(model, fp32);
        var quantized = Path.Combine(TestDirectory, "model.int4.onnx");
        ModelQuantizer.Quantize(fp32, quantized, options);
        return (fp32, quantized);
    }
}
