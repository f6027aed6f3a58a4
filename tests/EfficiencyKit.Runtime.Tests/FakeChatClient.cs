using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace EfficiencyKit.Runtime.Tests;

/// <summary>A chat client that answers like an OpenAI-backed one: a dated model id and usage on every response.</summary>
internal sealed class FakeChatClient(long inputTokens, long outputTokens, Exception? failure = null) : IChatClient
{
    public const string RequestModel = "gpt-4o-mini";
    public const string ResponseModel = "gpt-4o-mini-2024-07-18";

    public int Calls { get; private set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        if (failure is not null)
        {
            throw failure;
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Reset the router, then call again."))
        {
            ModelId = ResponseModel,
            Usage = new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = outputTokens, TotalTokenCount = inputTokens + outputTokens },
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Calls++;
        foreach (var word in new[] { "Reset ", "the ", "router." })
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, word) { ModelId = ResponseModel };
        }

        if (failure is not null)
        {
            throw failure;
        }

        // OpenAI sends usage in a last chunk with no text when the request asks for it.
        yield return new ChatResponseUpdate
        {
            ModelId = ResponseModel,
            Contents = [new UsageContent(new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = outputTokens })],
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
        => serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("openai", new Uri("http://localhost:5111/v1"), RequestModel) : null;

    public void Dispose()
    {
    }
}
