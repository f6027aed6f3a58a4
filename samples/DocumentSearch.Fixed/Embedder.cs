using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DocumentSearch;

/// <summary>
/// Embeds texts with the local int8 model. One session for the life of the app (it is thread-safe; creating it
/// loads and optimizes the whole model), ONNX Runtime's default optimizations (ORT_ENABLE_ALL), and one Run per
/// batch of texts stacked along the model's symbolic batch dimension.
/// </summary>
internal sealed class Embedder : IDisposable
{
    // Large enough that ORT's per-run cost and the weight reads are shared by many rows; small enough that the
    // input (BatchSize × 2048 floats, 512 KB) and the activations stay in cache-friendly sizes.
    private const int BatchSize = 64;

    private readonly InferenceSession _session = new(Path.Combine(AppContext.BaseDirectory, "models/doc-embedder.int8.onnx"));
    private readonly string _inputName;
    private readonly int _embeddingSize;

    public Embedder()
    {
        // Fail at start-up, not on the first request, if the model does not take what FeatureHasher produces.
        var (name, input) = _session.InputMetadata.Single();
        if (input.Dimensions is not [-1, FeatureHasher.FeatureCount])
        {
            throw new InvalidOperationException($"The model's input '{name}' is [{string.Join(", ", input.Dimensions)}]; expected [batch, {FeatureHasher.FeatureCount}].");
        }

        _inputName = name;
        _embeddingSize = _session.OutputMetadata.Single().Value.Dimensions[^1];
    }

    /// <summary>One embedding per text, in order.</summary>
    public float[][] Embed(IReadOnlyList<string> texts)
    {
        var embeddings = new float[texts.Count][];
        for (var start = 0; start < texts.Count; start += BatchSize)
        {
            var count = Math.Min(BatchSize, texts.Count - start);
            var features = new float[count * FeatureHasher.FeatureCount];
            for (var i = 0; i < count; i++)
            {
                FeatureHasher.Hash(texts[start + i], features.AsSpan(i * FeatureHasher.FeatureCount, FeatureHasher.FeatureCount));
            }

            var input = new DenseTensor<float>(features, [count, FeatureHasher.FeatureCount]);
            using var outputs = _session.Run([NamedOnnxValue.CreateFromTensor(_inputName, input)]);
            var rows = ((DenseTensor<float>)outputs[0].AsTensor<float>()).Buffer.Span;
            for (var i = 0; i < count; i++)
            {
                embeddings[start + i] = rows.Slice(i * _embeddingSize, _embeddingSize).ToArray();
            }
        }

        return embeddings;
    }

    public void Dispose() => _session.Dispose();
}
