using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using EfficiencyKit.BenchmarkDotNet;
using EfficiencyKit.Onnx.Model;
using EfficiencyKit.Onnx.Quantization;
using Microsoft.ML.OnnxRuntime;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// One ONNX Runtime 1.32 inference of a generated 320→768→512→64 MLP (0.67 M weights, seeded) with its weights in fp32,
/// int8 (quantize_dynamic pattern) and int4 (MatMulNBits, block 32, symmetric, accuracy_level 4), at batch 1 and 64.
/// One intra-op thread with spinning off, so CPU time is the inference's own work (what the energy columns bill).
/// </summary>
[MemoryDiagnoser]
[EnergyDiagnoser]
public class QuantizedInferenceBenchmarks
{
    private const int Features = 320;
    private string _directory = null!;
    private InferenceSession _session = null!;
    private OrtValue _input = null!;
    private RunOptions _runOptions = null!;

    [Params("fp32", "int8", "int4")]
    public string Precision { get; set; } = "fp32";

    [Params(1, 64)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("ek-bench-int4-").FullName;
        var path = Path.Combine(_directory, "mlp.onnx");
        OnnxModelWriter.Write(Model(), path);
        if (Precision != "fp32")
        {
            QuantizationTargets.TryParse(Precision, out var target);
            var quantized = Path.Combine(_directory, $"mlp.{Precision}.onnx");

            // 7-bit int8 weights on x86 CPUs without VNNI, where full-range int8 saturates in ORT (docs/onnx.md).
            var report = ModelQuantizer.Quantize(path, quantized, new QuantizationOptions { Target = target, ReduceRange = CpuFeatures.Int8MayOverflowWithoutVnni() });
            Console.WriteLine($"// {Precision}: {report.BytesAfter:N0} bytes ({report.SizeRatio:P1} of fp32)");
            path = quantized;
        }

        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(path, options);
        var values = new float[Batch * Features];
        var random = new Random(1);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        _input = OrtValue.CreateTensorValueFromMemory(values, [Batch, Features]);
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

    // The same shape and seed as the int4 validation model (tests/EfficiencyKit.Onnx.Tests, TestModels.DeepMlp).
    private static OnnxModel Model()
    {
        var random = new Random(20);
        return new OnnxGraphBuilder("deep-mlp")
            .Input("x", OnnxDataType.Float, "batch", Features)
            .Initializer(Tensor(random, "W1", Features, 768))
            .Initializer(Tensor(random, "B1", 768))
            .Initializer(Tensor(random, "W2", 768, 512))
            .Initializer(Tensor(random, "B2", 512))
            .Initializer(Tensor(random, "W3", 512, 64))
            .Node("MatMul", ["x", "W1"], ["h1"])
            .Node("Add", ["h1", "B1"], ["h2"])
            .Node("Relu", ["h2"], ["h3"])
            .Node("MatMul", ["h3", "W2"], ["h4"])
            .Node("Add", ["h4", "B2"], ["h5"])
            .Node("Relu", ["h5"], ["h6"])
            .Node("MatMul", ["h6", "W3"], ["y"])
            .Output("y", OnnxDataType.Float, "batch", 64)
            .Build();
    }

    private static OnnxTensor Tensor(Random random, string name, params long[] dims)
    {
        long count = 1;
        foreach (var dim in dims)
        {
            count *= dim;
        }

        var bound = 1.0 / Math.Sqrt(dims[0]);
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(((random.NextDouble() * 2) - 1) * bound);
        }

        return OnnxTensor.FromFloats(name, dims, values);
    }
}
