using System;
using System.Linq;
using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DocumentSearch.ModelGen;

/// <summary>
/// Loads both written models in ONNX Runtime and runs them on the same features, so the samples' build stops on a
/// model the runtime cannot run or an int8 copy that would change the search's answers, not the samples' run.
/// </summary>
internal static class ModelCheck
{
    // The int8 copy ranks like the fp32 model when their embeddings point the same way; 0.99 leaves room for 7-bit
    // weights (measured: about 0.9999) and catches a broken scale or a saturated kernel (well below 0.9).
    private const double MinimumCosine = 0.99;

    /// <summary>The lowest cosine between the two models' embeddings of a few feature vectors; throws when it is too low.</summary>
    public static double Compare(string fp32Path, string int8Path)
    {
        const int Rows = 4;
        var features = new DenseTensor<float>([Rows, EmbedderModel.FeatureCount]);
        var random = new SplitMix64(7);
        for (var row = 0; row < Rows; row++)
        {
            // Sparse, positive counts like the feature hashing produces.
            for (var hit = 0; hit < 40; hit++)
            {
                features[row, (int)random.NextFloat(0, EmbedderModel.FeatureCount)] += 1f;
            }
        }

        var fp32 = Embed(fp32Path, features);
        var int8 = Embed(int8Path, features);
        var lowest = Enumerable.Range(0, Rows).Min(row => TensorPrimitives.CosineSimilarity(fp32.AsSpan(row * EmbedderModel.EmbeddingSize, EmbedderModel.EmbeddingSize), int8.AsSpan(row * EmbedderModel.EmbeddingSize, EmbedderModel.EmbeddingSize)));
        return lowest >= MinimumCosine
            ? lowest
            : throw new InvalidOperationException($"the int8 copy's embeddings differ from the fp32 model's (cosine {lowest:F4} < {MinimumCosine}): the samples would rank differently");
    }

    private static float[] Embed(string modelPath, DenseTensor<float> features)
    {
        using var session = new InferenceSession(modelPath);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(EmbedderModel.InputName, features)]);
        return [.. results.Single(r => r.Name == EmbedderModel.OutputName).AsEnumerable<float>()];
    }
}
