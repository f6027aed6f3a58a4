using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Tests;

/// <summary>Models whose parameter counts and FLOPs are worked out by hand in the tests.</summary>
internal static class TestModels
{
    /// <summary>x[batch,256] → MatMul W1[256,1024] → Add B1 → Relu → MatMul W2[1024,256] → y[batch,256].</summary>
    public static OnnxModel Mlp(int inputs = 256, int hidden = 1024, int outputs = 256, int seed = 42)
    {
        var random = new Random(seed);
        return new OnnxGraphBuilder("mlp")
            .Input("x", OnnxDataType.Float, "batch", inputs)
            .Initializer(Weights(random, "W1", inputs, hidden))
            .Initializer(Weights(random, "B1", hidden))
            .Initializer(Weights(random, "W2", hidden, outputs))
            .Node("MatMul", ["x", "W1"], ["h1"])
            .Node("Add", ["h1", "B1"], ["h2"])
            .Node("Relu", ["h2"], ["h3"])
            .Node("MatMul", ["h3", "W2"], ["y"])
            .Output("y", OnnxDataType.Float, "batch", outputs)
            .Build();
    }

    /// <summary>
    /// The int4 validation model: x[batch,320] → MatMul W1[320,768] → Add → Relu → MatMul W2[768,512] → Add → Relu →
    /// MatMul W3[512,64] → y[batch,64]. K = 320 is not a multiple of 128, so block 128 pads W1's last block.
    /// </summary>
    public static OnnxModel DeepMlp(int seed = 20)
    {
        var random = new Random(seed);
        return new OnnxGraphBuilder("deep-mlp")
            .Input("x", OnnxDataType.Float, "batch", 320)
            .Initializer(Weights(random, "W1", 320, 768))
            .Initializer(Weights(random, "B1", 768))
            .Initializer(Weights(random, "W2", 768, 512))
            .Initializer(Weights(random, "B2", 512))
            .Initializer(Weights(random, "W3", 512, 64))
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

    /// <summary>ids[batch,sequence] (INT64) → Gather E[1000,96] → MatMul P[96,64] → y[batch,sequence,64]: an embedding lookup and a projection.</summary>
    public static OnnxModel Embedding(int seed = 21)
    {
        var random = new Random(seed);
        return new OnnxGraphBuilder("embedding")
            .Input("ids", OnnxDataType.Int64, "batch", "sequence")
            .Initializer(Weights(random, "E", 1000, 96))
            .Initializer(Weights(random, "P", 96, 64))
            .Node("Gather", ["E", "ids"], ["e"])
            .Node("MatMul", ["e", "P"], ["y"])
            .Output("y", OnnxDataType.Float, "batch", "sequence", 64)
            .Build();
    }

    /// <summary>x[N,3,32,32] → Conv 3→16 (3×3, pad 1) → Relu → MaxPool 2×2/2 → Conv 16→32 (3×3, pad 1) → Relu → GlobalAveragePool → Flatten → Gemm 32→10.</summary>
    public static OnnxModel ConvNet(int seed = 7)
    {
        var random = new Random(seed);
        return new OnnxGraphBuilder("convnet")
            .Input("image", OnnxDataType.Float, "N", 3, 32, 32)
            .Initializer(Weights(random, "C1", 16, 3, 3, 3))
            .Initializer(Weights(random, "C1b", 16))
            .Initializer(Weights(random, "C2", 32, 16, 3, 3))
            .Initializer(Weights(random, "C2b", 32))
            .Initializer(Weights(random, "FC", 10, 32))
            .Initializer(Weights(random, "FCb", 10))
            .Node("Conv", ["image", "C1", "C1b"], ["c1"], OnnxAttribute.IntList("kernel_shape", 3, 3), OnnxAttribute.IntList("pads", 1, 1, 1, 1))
            .Node("Relu", ["c1"], ["r1"])
            .Node("MaxPool", ["r1"], ["p1"], OnnxAttribute.IntList("kernel_shape", 2, 2), OnnxAttribute.IntList("strides", 2, 2))
            .Node("Conv", ["p1", "C2", "C2b"], ["c2"], OnnxAttribute.IntList("kernel_shape", 3, 3), OnnxAttribute.IntList("pads", 1, 1, 1, 1))
            .Node("Relu", ["c2"], ["r2"])
            .Node("GlobalAveragePool", ["r2"], ["g"])
            .Node("Flatten", ["g"], ["f"])
            .Node("Gemm", ["f", "FC", "FCb"], ["logits"], OnnxAttribute.Int("transB", 1))
            .Output("logits", OnnxDataType.Float, "N", 10)
            .Build();
    }

    /// <summary>
    /// Self-attention over x[batch,sequence,64] with 4 heads of 16: Q/K/V projections, Reshape to heads,
    /// Transpose, Q·Kᵀ, scale, Softmax, ·V, merge heads, output projection.
    /// </summary>
    public static OnnxModel AttentionBlock(int seed = 3)
    {
        var random = new Random(seed);
        return new OnnxGraphBuilder("attention")
            .Input("x", OnnxDataType.Float, "batch", "sequence", 64)
            .Initializer(Weights(random, "Wq", 64, 64))
            .Initializer(Weights(random, "Wk", 64, 64))
            .Initializer(Weights(random, "Wv", 64, 64))
            .Initializer(Weights(random, "Wo", 64, 64))
            .Initializer(OnnxTensor.FromFloats("scale", [], [0.25f]))
            .Initializer(OnnxTensor.FromInt64s("heads_shape", [4], [0, 0, 4, 16]))
            .Initializer(OnnxTensor.FromInt64s("merged_shape", [3], [0, 0, 64]))
            .Node("MatMul", ["x", "Wq"], ["q"])
            .Node("MatMul", ["x", "Wk"], ["k"])
            .Node("MatMul", ["x", "Wv"], ["v"])
            .Node("Reshape", ["q", "heads_shape"], ["qh"])
            .Node("Reshape", ["k", "heads_shape"], ["kh"])
            .Node("Reshape", ["v", "heads_shape"], ["vh"])
            .Node("Transpose", ["qh"], ["qt"], OnnxAttribute.IntList("perm", 0, 2, 1, 3))
            .Node("Transpose", ["kh"], ["kt"], OnnxAttribute.IntList("perm", 0, 2, 3, 1))
            .Node("Transpose", ["vh"], ["vt"], OnnxAttribute.IntList("perm", 0, 2, 1, 3))
            .Node("MatMul", ["qt", "kt"], ["scores"])
            .Node("Mul", ["scores", "scale"], ["scaled"])
            .Node("Softmax", ["scaled"], ["probs"], OnnxAttribute.Int("axis", -1))
            .Node("MatMul", ["probs", "vt"], ["context"])
            .Node("Transpose", ["context"], ["context_t"], OnnxAttribute.IntList("perm", 0, 2, 1, 3))
            .Node("Reshape", ["context_t", "merged_shape"], ["merged"])
            .Node("MatMul", ["merged", "Wo"], ["y"])
            .Output("y", OnnxDataType.Float, "batch", "sequence", 64)
            .Build();
    }

    /// <summary>Kaiming-uniform-like weights from a seeded generator, so tests are reproducible.</summary>
    public static OnnxTensor Weights(Random random, string name, params long[] dims)
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
