using Microsoft.Extensions.AI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using OpenAIChatMessage = OpenAI.Chat.ChatMessage;

namespace EfficiencyKit.Runtime.Workload;

/// <summary>
/// An <see cref="IChatClient"/> over the OpenAI SDK's <see cref="ChatClient"/> (Microsoft.Extensions.AI.OpenAI, which
/// provides one, is not on our package mirror): text messages in, text and usage out.
/// </summary>
internal sealed class OpenAIChatAdapter(ChatClient client, string model, Uri endpoint) : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var converted = messages.Select(m => m.Role == ChatRole.System ? (OpenAIChatMessage)new SystemChatMessage(m.Text) : new UserChatMessage(m.Text)).ToList();
        ChatCompletion completion = await client.CompleteChatAsync(converted, new ChatCompletionOptions { MaxOutputTokenCount = options?.MaxOutputTokens }, cancellationToken);
        return new ChatResponse(new AIChatMessage(ChatRole.Assistant, completion.Content[0].Text))
        {
            ModelId = completion.Model,
            Usage = new UsageDetails
            {
                InputTokenCount = completion.Usage.InputTokenCount,
                OutputTokenCount = completion.Usage.OutputTokenCount,
                TotalTokenCount = completion.Usage.TotalTokenCount,
            },
        };
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => throw new NotSupportedException("The workload does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null)
        => serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("openai", endpoint, model) : null;

    public void Dispose()
    {
    }
}
