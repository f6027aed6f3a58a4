using System;
using EfficiencyKit.Onnx.Model;

namespace DocumentSearch.ModelGen;

/// <summary>
/// The sample's document embedder: hashed bag-of-words features → two ReLU layers → a 256-float embedding,
/// with a symbolic "batch" dimension so one run can embed many documents. The shapes and the cost of a real
/// small embedding MLP (2.75 M parameters, 11 MB in fp32, 5.5 M multiply-adds per document); the weights are
/// deterministic pseudo-random numbers, not trained. A random ReLU network still maps texts that share words
/// to nearby embeddings, so the search results follow word overlap, which keeps them checkable.
/// </summary>
internal static class EmbedderModel
{
    /// <summary>Hash buckets of the input features; the app's FeatureHasher must use the same number.</summary>
    public const int FeatureCount = 2048;

    public const int EmbeddingSize = 256;

    public const string InputName = "features";

    public const string OutputName = "embedding";

    private const ulong Seed = 20240601;

    private static readonly int[] s_layerSizes = [FeatureCount, 1024, 512, EmbeddingSize];

    public static OnnxModel Build()
    {
        var random = new SplitMix64(Seed);
        var builder = new OnnxGraphBuilder("doc_embedder")
            .Input(InputName, OnnxDataType.Float, "batch", FeatureCount);
        var previous = InputName;
        for (var layer = 1; layer < s_layerSizes.Length; layer++)
        {
            var (fanIn, fanOut) = (s_layerSizes[layer - 1], s_layerSizes[layer]);
            var last = layer == s_layerSizes.Length - 1;
            var weight = $"dense{layer}.weight";
            var bias = $"dense{layer}.bias";

            // He (Kaiming) uniform bounds keep the activations' scale from layer to layer under ReLU; the biases
            // are kept small so that they do not swamp the differences between documents.
            var weightBound = MathF.Sqrt(6f / fanIn);
            var biasBound = 0.05f / MathF.Sqrt(fanIn);
            builder
                .Initializer(OnnxTensor.FromFloats(weight, [fanIn, fanOut], Uniform(random, fanIn * fanOut, weightBound)))
                .Initializer(OnnxTensor.FromFloats(bias, [fanOut], Uniform(random, fanOut, biasBound)))
                .Node("MatMul", [previous, weight], [$"dense{layer}.matmul"])
                .Node("Add", [$"dense{layer}.matmul", bias], [last ? OutputName : $"dense{layer}.linear"]);
            if (!last)
            {
                builder.Node("Relu", [$"dense{layer}.linear"], [$"dense{layer}.relu"]);
                previous = $"dense{layer}.relu";
            }
        }

        var model = builder.Output(OutputName, OnnxDataType.Float, "batch", EmbeddingSize).Build();
        model.DocString = "DocumentSearch sample embedder: hashed bag-of-words features to a 256-float embedding. "
            + $"Weights are deterministic pseudo-random numbers (SplitMix64, seed {Seed}), not trained.";
        model.MetadataProps.Add(new("features", "FNV-1a hashes of lower-cased word unigrams and bigrams into 2048 signed buckets, log(1+count), L2-normalized"));
        return model;
    }

    private static float[] Uniform(SplitMix64 random, int count, float bound)
    {
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.NextFloat(-bound, bound);
        }

        return values;
    }
}
