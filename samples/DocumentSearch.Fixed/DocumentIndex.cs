using System.Numerics.Tensors;

namespace DocumentSearch;

/// <summary>An in-memory vector index: documents with their embeddings, searched by cosine similarity.</summary>
internal sealed class DocumentIndex(Embedder embedder)
{
    private readonly List<(Document Document, float[] Embedding)> _entries = [];

    public int Count => _entries.Count;

    public void Add(IReadOnlyList<Document> documents)
    {
        var embeddings = embedder.Embed([.. documents.Select(document => document.SearchText)]);
        for (var i = 0; i < documents.Count; i++)
        {
            _entries.Add((documents[i], embeddings[i]));
        }
    }

    /// <summary>The <paramref name="top"/> documents closest to an embedded query, best first.</summary>
    public List<(Document Document, float Score)> Search(float[] queryEmbedding, int top)
        => _entries
            .Select(entry => (entry.Document, Score: TensorPrimitives.CosineSimilarity(queryEmbedding, entry.Embedding)))
            .OrderByDescending(result => result.Score)
            .Take(top)
            .ToList();
}
