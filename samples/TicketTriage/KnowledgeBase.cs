using Microsoft.Extensions.AI;

namespace TicketTriage;

/// <summary>Help-centre articles, embedded once, and the one closest in meaning to a ticket.</summary>
internal sealed class KnowledgeBase(IEmbeddingGenerator<string, Embedding<float>> generator)
{
    private readonly List<(string Title, string Text, float[] Vector)> _articles = [];

    public int Count => _articles.Count;

    public async Task IndexAsync(IReadOnlyList<Article> articles)
    {
        foreach (var article in articles)
        {
            var vector = await generator.GenerateVectorAsync(article.Text);
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
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }

        return dot / (MathF.Sqrt(normA) * MathF.Sqrt(normB));
    }
}
