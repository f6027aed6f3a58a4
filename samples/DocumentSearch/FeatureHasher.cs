using System.Numerics.Tensors;
using System.Text;

namespace DocumentSearch;

/// <summary>
/// Turns text into the embedding model's input: lower-cased words (stop words dropped, plural "s" trimmed) and
/// word pairs, hashed (FNV-1a) into <see cref="FeatureCount"/> signed buckets, log-scaled and L2-normalized.
/// The hashing trick needs no vocabulary file and gives every text the same fixed width, so texts batch.
/// </summary>
internal static class FeatureHasher
{
    /// <summary>The model's input width (DocumentSearch.ModelGen's EmbedderModel.FeatureCount).</summary>
    public const int FeatureCount = 2048;

    // Pairs carry phrase information ("paper jam", "sick leave") but are rarer than words; half weight keeps
    // one shared pair from outweighing several shared words.
    private const float PairWeight = 0.5f;

    private static readonly HashSet<string> s_stopWords =
    [
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "for", "from", "how", "i", "if", "in", "is", "it",
        "my", "of", "on", "or", "our", "so", "that", "the", "their", "them", "they", "this", "to", "us", "we", "what",
        "when", "with", "you", "your",
    ];

    /// <summary>The features of <paramref name="text"/> in a new array.</summary>
    public static float[] Hash(string text)
    {
        var features = new float[FeatureCount];
        Hash(text, features);
        return features;
    }

    /// <summary>Writes the features of <paramref name="text"/> into <paramref name="features"/> (<see cref="FeatureCount"/> long, zeroed).</summary>
    public static void Hash(string text, Span<float> features)
    {
        string? previous = null;
        foreach (var word in Words(text))
        {
            Add(features, word, 1f);
            if (previous is not null)
            {
                Add(features, previous + " " + word, PairWeight);
            }

            previous = word;
        }

        // Repeated words should count, but not linearly: log(1 + |x|), keeping the sign the hash gave.
        var sumOfSquares = 0f;
        for (var i = 0; i < features.Length; i++)
        {
            features[i] = MathF.CopySign(MathF.Log(1 + MathF.Abs(features[i])), features[i]);
            sumOfSquares += features[i] * features[i];
        }

        if (sumOfSquares > 0)
        {
            TensorPrimitives.Multiply(features, 1 / MathF.Sqrt(sumOfSquares), features);
        }
    }

    private static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text.Append(' '))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }

            if (word.Length > 0 && !s_stopWords.Contains(word.ToString()))
            {
                // A crude plural fold ("passwords" → "password") so that queries and articles meet; "access" stays.
                if (word.Length > 4 && word[^1] == 's' && word[^2] != 's')
                {
                    word.Length--;
                }

                yield return word.ToString();
            }

            word.Clear();
        }
    }

    // A bucket and a sign per string, so that colliding strings cancel on average instead of piling up.
    private static void Add(Span<float> features, string token, float weight)
    {
        var hash = 2166136261u;
        foreach (var c in token)
        {
            hash = (hash ^ c) * 16777619u;
        }

        features[(int)(hash % FeatureCount)] += (hash & 0x8000_0000u) == 0 ? weight : -weight;
    }
}
