using Microsoft.Extensions.AI;

namespace EfficiencyKit.Runtime.Tests;

/// <summary>An embedding generator that returns one 4-dimensional vector per input and 8 tokens per input.</summary>
internal sealed class FakeEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string Model = "text-embedding-3-small";

    public List<int> BatchSizes { get; } = [];

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values.ToArray();
        BatchSizes.Add(inputs.Length);
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(inputs.Select(text => new Embedding<float>(new float[] { text.Length, 1, 2, 3 }) { ModelId = Model }))
        {
            Usage = new UsageDetails { InputTokenCount = 8L * inputs.Length, TotalTokenCount = 8L * inputs.Length },
        };
        return Task.FromResult(embeddings);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
        => serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("openai", null, Model) : null;

    public void Dispose()
    {
    }
}
