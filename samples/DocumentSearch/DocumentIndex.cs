namespace DocumentSearch;

/// <summary>An in-memory vector index: documents with their embeddings, searched by cosine similarity.</summary>
internal sealed class DocumentIndex(Embedder embedder)
{
    private readonly List<(Document Document, double[] Embedding)> _entries = [];

    public int Count => _entries.Count;

    public void Add(IReadOnlyList<Document> documents)
    {
        var embeddings = embedder.EmbedDocuments(documents);
        for (var i = 0; i < documents.Count; i++)
        {
            _entries.Add((documents[i], embeddings[i]));
        }
    }

    /// <summary>The <paramref name="top"/> documents closest to <paramref name="query"/>, best first.</summary>
    public List<(Document Document, double Score)> Search(string query, int top)
    {
        var queryEmbedding = embedder.EmbedQuery(query);
        return _entries
            .Select(entry => (entry.Document, Score: CosineSimilarity(queryEmbedding, entry.Embedding)))
            .OrderByDescending(result => result.Score)
            .Take(top)
            .ToList();
    }

    private static double CosineSimilarity(double[] a, double[] b)
    {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }

        return dot / (Math.Sqrt(normA) * Math.Sqrt(normB));
    }
}
