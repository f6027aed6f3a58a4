using BenchmarkDotNet.Attributes;
using EfficiencyKit.BenchmarkDotNet;
using EfficiencyKit.Onnx.Model;
using EfficiencyKit.Onnx.Quantization;
using EfficiencyKit.Onnx.Tests;
using Microsoft.ML.OnnxRuntime;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// One ONNX Runtime 1.32 inference of a generated MLP (seeded) with its weights in fp32,
/// int8 (quantize_dynamic pattern) and int4 (MatMulNBits, block 32, symmetric, accuracy_level 4; "int4-fp32" is
/// accuracy_level 0, ORT's fp32-arithmetic path), at batch 1 and 64.
/// One intra-op thread with spinning off, so CPU time is the inference's own work (what the energy columns bill).
/// "small" is the int4 validation model, 320→768→512→64 (0.67 M weights, 2.7 MB in fp32: it fits in the CPU's caches);
/// "large" is 4096→4096→4096→4096 (50 M weights, 201 MB in fp32: every inference streams the weights from memory).
/// </summary>
[MemoryDiagnoser]
[EnergyDiagnoser]
public class QuantizedInferenceBenchmarks
{
    private string _directory = null!;
    private InferenceSession _session = null!;
    private OrtValue _input = null!;
    private RunOptions _runOptions = null!;

    [Params("fp32", "int8", "int4", "int4-fp32")]
    public string Precision { get; set; } = "fp32";

    [Params(1, 64)]
    public int Batch { get; set; }

    [Params("small", "large")]
    public string Model { get; set; } = "small";

    private int[] Layers => Model == "small" ? [320, 768, 512, 64] : [4096, 4096, 4096, 4096];

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("ek-bench-int4-").FullName;
        var path = Path.Combine(_directory, "mlp.onnx");
        OnnxModelWriter.Write(Mlp(Layers), path);
        if (Precision != "fp32")
        {
            var quantized = Path.Combine(_directory, $"mlp.{Precision}.onnx");

            // 7-bit int8 weights on x86 CPUs without VNNI, where full-range int8 saturates in ORT (docs/onnx.md).
            var report = ModelQuantizer.Quantize(path, quantized, new QuantizationOptions
            {
                Target = Precision == "int8" ? QuantizationTarget.Int8 : QuantizationTarget.Int4,
                ReduceRange = CpuFeatures.Int8MayOverflowWithoutVnni(),
                AccuracyLevel = Precision == "int4-fp32" ? 0 : 4,
            });
            Console.WriteLine($"// {Precision}: {report.BytesAfter:N0} bytes ({report.SizeRatio:P1} of fp32)");
            path = quantized;
        }

        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(path, options);
        var values = new float[Batch * Layers[0]];
        var random = new Random(1);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        _input = OrtValue.CreateTensorValueFromMemory(values, [Batch, Layers[0]]);
        _runOptions = new RunOptions();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _runOptions.Dispose();
        _input.Dispose();
        _session.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public float Infer()
    {
        using var outputs = _session.Run(_runOptions, ["x"], [_input], ["y"]);
        return outputs[0].GetTensorDataAsSpan<float>()[0];
    }

    // Small: the same shape and seed as the int4 validation model (tests/EfficiencyKit.Onnx.Tests, TestModels.DeepMlp).
    private static OnnxModel Mlp(int[] layers)
    {
        var random = new Random(20);
        var builder = new OnnxGraphBuilder("mlp").Input("x", OnnxDataType.Float, "batch", layers[0]);
        var value = "x";
        for (var i = 1; i < layers.Length; i++)
        {
            var product = i == layers.Length - 1 ? "y" : $"h{i}";
            builder.Initializer(TestModels.Weights(random, $"W{i}", layers[i - 1], layers[i])).Node("MatMul", [value, $"W{i}"], [product]);
            if (i < layers.Length - 1)
            {
                builder.Initializer(TestModels.Weights(random, $"B{i}", layers[i]))
                    .Node("Add", [product, $"B{i}"], [product + "_biased"])
                    .Node("Relu", [product + "_biased"], [product + "_relu"]);
                value = product + "_relu";
            }
        }

        return builder.Output("y", OnnxDataType.Float, "batch", layers[layers.Length - 1]).Build();
    }
}
