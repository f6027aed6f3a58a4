using System.Numerics.Tensors;
using OpenAI.Embeddings;

namespace TicketTriage;

/// <summary>Finds the earlier ticket closest in meaning to a new one.</summary>
internal sealed class SimilarTicketFinder
{
    public string MostSimilar(string ticket, IReadOnlyList<string> candidates)
    {
        // EK1001 (info): created on every call and thrown away.
        var embeddings = new EmbeddingClient("text-embedding-3-small", OpenAISettings.Key, OpenAISettings.Options);
        var target = embeddings.GenerateEmbedding(ticket).Value.ToFloats();
        var best = 0;
        var bestScore = float.MinValue;
        for (var i = 0; i < candidates.Count; i++)
        {
            // EK1101 (warning): one request per candidate where GenerateEmbeddings takes them all at once.
            var candidate = embeddings.GenerateEmbedding(candidates[i]).Value.ToFloats();
            var score = TensorPrimitives.CosineSimilarity(target.Span, candidate.Span);
            if (score > bestScore)
            {
                (best, bestScore) = (i, score);
            }
        }

        return candidates[best];
    }
}
