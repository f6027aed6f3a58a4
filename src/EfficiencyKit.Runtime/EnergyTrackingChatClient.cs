using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace EfficiencyKit.Runtime;

/// <summary>
/// An <see cref="IChatClient"/> that reports each call as a chat operation: the Start event before the call, on the
/// caller's stack (dotnet-energy takes the call site from it), and the Stop event, tokens, duration and estimated
/// joules from the response's <see cref="UsageDetails"/>. Streaming calls read the <see cref="UsageContent"/> the
/// provider sends (OpenAI sends it only when asked for usage in the stream). Add it with
/// <see cref="EnergyTrackingExtensions.WithEnergyTracking(IChatClient, string?)"/>.
/// </summary>
public sealed class EnergyTrackingChatClient : DelegatingChatClient
{
    private readonly ProviderInfo _provider;

    /// <param name="innerClient">The client that makes the calls.</param>
    /// <param name="providerName">The <c>gen_ai.provider.name</c>; default: the inner client's <see cref="ChatClientMetadata.ProviderName"/>.</param>
    public EnergyTrackingChatClient(IChatClient innerClient, string? providerName = null)
        : base(innerClient)
    {
        var metadata = innerClient.GetService(typeof(ChatClientMetadata)) as ChatClientMetadata;
        _provider = new ProviderInfo(providerName ?? metadata?.ProviderName, metadata?.DefaultModelId);
    }

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var operation = AiTelemetry.Start(AiOperationKind.Chat, _provider.Name, _provider.Model(options?.ModelId), batchSize: 1);
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            AiTelemetry.Stop(operation, AiTokenUsage.None, errorType: exception.GetType().FullName);
            throw;
        }

        AiTelemetry.Stop(operation, UsageConversions.ToTokenUsage(response.Usage), response.ModelId);
        return response;
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var operation = AiTelemetry.Start(AiOperationKind.Chat, _provider.Name, _provider.Model(options?.ModelId), batchSize: 1);
        UsageDetails? usage = null;
        string? responseModel = null;
        string? errorType = null;
        var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception exception)
                {
                    errorType = exception.GetType().FullName;
                    throw;
                }

                var update = updates.Current;
                responseModel = update.ModelId ?? responseModel;
                foreach (var content in update.Contents)
                {
                    if (content is UsageContent { Details: { } details })
                    {
                        (usage ??= new UsageDetails()).Add(details);
                    }
                }

                yield return update;
            }
        }
        finally
        {
            // Also reached when the consumer stops reading early: the tokens seen so far are what was reported.
            AiTelemetry.Stop(operation, UsageConversions.ToTokenUsage(usage), responseModel, errorType);
            await updates.DisposeAsync().ConfigureAwait(false);
        }
    }
}
