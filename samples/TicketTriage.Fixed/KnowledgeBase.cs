using Microsoft.Extensions.AI;
using System.Linq;
using System.Numerics.Tensors;

namespace TicketTriage;

/// <summary>Help-centre articles, embedded once, and the one closest in meaning to a ticket.</summary>
internal sealed class KnowledgeBase(IEmbeddingGenerator<string, Embedding<float>> generator)
{
    private readonly List<(string Title, string Text, float[] Vector)> _articles = [];

    public int Count => _articles.Count;

    public async Task IndexAsync(IReadOnlyList<Article> articles)
    {
        var embeddings = new List<ReadOnlyMemory<float>>();
        foreach (var chunk in articles.Select(article => article.Text).Chunk(2048))
        {
            embeddings.AddRange((await generator.GenerateAsync(chunk)).Select(embedding => embedding.Vector));
        }

        var embeddingIndex = 0;
        foreach (var article in articles)
        {
            var vector = embeddings[embeddingIndex++];
            _articles.Add((article.Title, article.Text, vector.ToArray()));
        }
    }

    public async Task<(string Title, string Text)> ClosestAsync(string ticket)
    {
        var query = (await generator.GenerateVectorAsync(ticket)).ToArray();
        var best = _articles[0];
        var bestScore = float.MinValue;
        foreach (var article in _articles)
        {
            var score = Similarity(query, article.Vector);
            if (score > bestScore)
            {
                (best, bestScore) = (article, score);
            }
        }

        return (best.Title, best.Text);
    }

    private static float Similarity(float[] a, float[] b)
    {
        float dot = 0, normA = 0, normB = 0;
        dot += TensorPrimitives.Dot(a, b);
        normA += TensorPrimitives.SumOfSquares(a);
        normB += TensorPrimitives.SumOfSquares(b);

        return dot / (MathF.Sqrt(normA) * MathF.Sqrt(normB));
    }
}
