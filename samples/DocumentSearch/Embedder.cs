using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DocumentSearch;

/// <summary>Embeds documents and queries with the local ONNX model (models/doc-embedder.onnx).</summary>
internal sealed class Embedder
{
    /// <summary>One embedding per document, in order.</summary>
    public List<double[]> EmbedDocuments(IReadOnlyList<Document> documents)
    {
        var embeddings = new List<double[]>(documents.Count);
        foreach (var document in documents)
        {
            // A fresh session per document, so that one malformed document cannot leave a shared session in a bad state.
            using var session = new InferenceSession(Path.Combine(AppContext.BaseDirectory, "models/doc-embedder.onnx"), CreateOptions());
            var input = new DenseTensor<float>(FeatureHasher.Hash(document.SearchText), [1, FeatureHasher.FeatureCount]);
            using var outputs = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), input)]);
            embeddings.Add(outputs[0].AsEnumerable<float>().Select(value => (double)value).ToArray());
        }

        return embeddings;
    }

    /// <summary>The embedding of one search query.</summary>
    public double[] EmbedQuery(string query)
    {
        using var session = new InferenceSession(Path.Combine(AppContext.BaseDirectory, "models/doc-embedder.onnx"), CreateOptions());
        var input = new DenseTensor<float>(FeatureHasher.Hash(query), [1, FeatureHasher.FeatureCount]);
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), input)]);
        return outputs[0].AsEnumerable<float>().Select(value => (double)value).ToArray();
    }

    private static SessionOptions CreateOptions() => new()
    {
        // Run the graph exactly as exported, so that embeddings do not shift when ORT's fusions round differently.
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL,
    };
}
