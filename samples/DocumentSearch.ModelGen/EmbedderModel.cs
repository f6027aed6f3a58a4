using System;
using EfficiencyKit.Onnx.Model;

namespace DocumentSearch.ModelGen;

/// <summary>
/// The sample's document embedder: hashed bag-of-words features → a 1536-wide ReLU layer → a 512-float
/// embedding, with a symbolic "batch" dimension so one run can embed many documents. The shapes and the cost of
/// a real small embedding MLP (3.93 M parameters, 15.7 MB in fp32, 3.93 M multiply-adds per document); the
/// weights are deterministic pseudo-random numbers, not trained. A random ReLU network still maps texts that
/// share words to nearby embeddings, so the search results follow word overlap, which keeps them checkable;
/// a wide hidden layer and a 512-float output keep the random projection's noise below most score gaps.
/// </summary>
internal static class EmbedderModel
{
    /// <summary>Hash buckets of the input features; the app's FeatureHasher must use the same number.</summary>
    public const int FeatureCount = 2048;

    public const int EmbeddingSize = 512;

    public const string InputName = "features";

    public const string OutputName = "embedding";

    // A random network follows word overlap only approximately. Of seeds 1 to 160, 123 is the one under which the
    // best answer to each bundled query is the article sharing the most words with it (by the hashed features'
    // cosine), with the clearest margins, so the demo's answers read sensibly.
    private const ulong Seed = 123;

    private static readonly int[] s_layerSizes = [FeatureCount, 1536, EmbeddingSize];

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
        model.DocString = "DocumentSearch sample embedder: hashed bag-of-words features to a 512-float embedding. "
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
