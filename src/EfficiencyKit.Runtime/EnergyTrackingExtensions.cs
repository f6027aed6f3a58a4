using System;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace EfficiencyKit.Runtime;

/// <summary>The one-line ways to add energy tracking to a client.</summary>
public static class EnergyTrackingExtensions
{
    /// <summary><c>IChatClient chat = inner.WithEnergyTracking();</c> (or <c>builder.Use(c =&gt; c.WithEnergyTracking())</c>).</summary>
    public static IChatClient WithEnergyTracking(this IChatClient client, string? providerName = null)
        => client is EnergyTrackingChatClient ? client : new EnergyTrackingChatClient(client ?? throw new ArgumentNullException(nameof(client)), providerName);

    /// <summary><c>var embeddings = inner.WithEnergyTracking();</c></summary>
    public static IEmbeddingGenerator<TInput, TEmbedding> WithEnergyTracking<TInput, TEmbedding>(this IEmbeddingGenerator<TInput, TEmbedding> generator, string? providerName = null)
        where TEmbedding : Embedding
        => generator is EnergyTrackingEmbeddingGenerator<TInput, TEmbedding>
            ? generator
            : new EnergyTrackingEmbeddingGenerator<TInput, TEmbedding>(generator ?? throw new ArgumentNullException(nameof(generator)), providerName);

    /// <summary>
    /// For the OpenAI SDK: <c>new ChatClient("gpt-4o-mini", key, new OpenAIClientOptions().WithEnergyTracking())</c>.
    /// Every chat, responses and embeddings request of clients built with these options is tracked.
    /// </summary>
    /// <param name="options">The options to add the policy to (returned, for chaining).</param>
    /// <param name="providerName">The <c>gen_ai.provider.name</c> (default "openai"; name the real provider when the endpoint is another OpenAI-compatible service).</param>
    public static OpenAIClientOptions WithEnergyTracking(this OpenAIClientOptions options, string providerName = "openai")
    {
        (options ?? throw new ArgumentNullException(nameof(options))).AddPolicy(new OpenAIEnergyTrackingPolicy(providerName), PipelinePosition.PerCall);
        return options;
    }
}
