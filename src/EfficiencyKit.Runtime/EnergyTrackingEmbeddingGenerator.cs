using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace EfficiencyKit.Runtime;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> that reports each call as an embeddings operation whose
/// batch size is the number of inputs, with the tokens of <see cref="GeneratedEmbeddings{TEmbedding}.Usage"/>.
/// Add it with <see cref="EnergyTrackingExtensions.WithEnergyTracking{TInput, TEmbedding}(IEmbeddingGenerator{TInput, TEmbedding}, string?)"/>.
/// </summary>
/// <typeparam name="TInput">The input type (usually <see cref="string"/>).</typeparam>
/// <typeparam name="TEmbedding">The embedding type.</typeparam>
public sealed class EnergyTrackingEmbeddingGenerator<TInput, TEmbedding> : DelegatingEmbeddingGenerator<TInput, TEmbedding>
    where TEmbedding : Embedding
{
    private readonly ProviderInfo _provider;

    /// <param name="innerGenerator">The generator that makes the calls.</param>
    /// <param name="providerName">The <c>gen_ai.provider.name</c>; default: the inner generator's <see cref="EmbeddingGeneratorMetadata.ProviderName"/>.</param>
    public EnergyTrackingEmbeddingGenerator(IEmbeddingGenerator<TInput, TEmbedding> innerGenerator, string? providerName = null)
        : base(innerGenerator)
    {
        var metadata = innerGenerator.GetService(typeof(EmbeddingGeneratorMetadata)) as EmbeddingGeneratorMetadata;
        _provider = new ProviderInfo(providerName ?? metadata?.ProviderName, metadata?.DefaultModelId);
    }

    /// <inheritdoc/>
    public override async Task<GeneratedEmbeddings<TEmbedding>> GenerateAsync(
        IEnumerable<TInput> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        // The batch size needs a count; a lazy sequence is materialised once so the inner generator does not enumerate it again.
        var inputs = values as IReadOnlyCollection<TInput> ?? values.ToArray();
        var operation = AiTelemetry.Start(AiOperationKind.Embeddings, _provider.Name, _provider.Model(options?.ModelId), inputs.Count);
        GeneratedEmbeddings<TEmbedding> embeddings;
        try
        {
            embeddings = await base.GenerateAsync(inputs, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            AiTelemetry.Stop(operation, AiTokenUsage.None, errorType: exception.GetType().FullName);
            throw;
        }

        var responseModel = embeddings.Count > 0 ? embeddings[0].ModelId : null;
        AiTelemetry.Stop(operation, UsageConversions.ToTokenUsage(embeddings.Usage), responseModel);
        return embeddings;
    }
}
