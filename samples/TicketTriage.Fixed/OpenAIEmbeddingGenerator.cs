using Microsoft.Extensions.AI;
using OpenAI.Embeddings;

namespace TicketTriage;

/// <summary>
/// Microsoft.Extensions.AI's embedding abstraction over the OpenAI SDK's <see cref="EmbeddingClient"/> (the
/// Microsoft.Extensions.AI.OpenAI adapter is not on our package mirror; this is the same mapping).
/// </summary>
internal sealed class OpenAIEmbeddingGenerator(EmbeddingClient client, string model) : IEmbeddingGenerator<string, Embedding<float>>
{
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, Microsoft.Extensions.AI.EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = await client.GenerateEmbeddingsAsync(values, new OpenAI.Embeddings.EmbeddingGenerationOptions { Dimensions = options?.Dimensions }, cancellationToken);
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(result.Value.Select(e => new Embedding<float>(e.ToFloats()) { ModelId = model }))
        {
            Usage = new UsageDetails { InputTokenCount = result.Value.Usage.InputTokenCount, TotalTokenCount = result.Value.Usage.TotalTokenCount },
        };
        return embeddings;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
        => serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("openai", OpenAISettings.Endpoint.Endpoint, model) : null;

    public void Dispose()
    {
    }
}
