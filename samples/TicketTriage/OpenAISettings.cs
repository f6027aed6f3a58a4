using System.ClientModel;
using OpenAI;

namespace TicketTriage;

/// <summary>Connection settings read from the environment, as the OpenAI SDK samples do.</summary>
internal static class OpenAISettings
{
    public static ApiKeyCredential Key => new(Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? "missing");

    public static OpenAIClientOptions Options => Environment.GetEnvironmentVariable("OPENAI_BASE_URL") is { } url
        ? new OpenAIClientOptions { Endpoint = new Uri(url) }
        : new OpenAIClientOptions();
}
