using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// The samples' model size, x[batch,256] → MatMul 1024 → Add → Relu → MatMul 256 → y, with fp32 weights from a
/// seeded generator: the model the ONNX toolkit and ONNX Runtime settings harnesses time, so their figures are
/// about the same network.
/// </summary>
internal static class SampleMlp
{
    public const int Width = 256;

    public static OnnxModel Build()
    {
        var random = new Random(42);
        float[] Weights(int count) => [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1) / 16)];
        return new OnnxGraphBuilder("mlp")
            .Input("x", OnnxDataType.Float, "batch", Width)
            .Initializer(OnnxTensor.FromFloats("W1", [Width, 1024], Weights(Width * 1024)))
            .Initializer(OnnxTensor.FromFloats("B1", [1024], Weights(1024)))
            .Initializer(OnnxTensor.FromFloats("W2", [1024, Width], Weights(1024 * Width)))
            .Node("MatMul", ["x", "W1"], ["h1"])
            .Node("Add", ["h1", "B1"], ["h2"])
            .Node("Relu", ["h2"], ["h3"])
            .Node("MatMul", ["h3", "W2"], ["y"])
            .Output("y", OnnxDataType.Float, "batch", Width)
            .Build();
    }
}
