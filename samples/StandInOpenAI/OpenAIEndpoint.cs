using System.ClientModel;

namespace StandInOpenAI;

/// <summary>
/// Where the samples send their OpenAI requests: OPENAI_BASE_URL and OPENAI_API_KEY when set (a real provider or any
/// OpenAI-compatible server), otherwise a <see cref="StandInOpenAIEndpoint"/> started in-process.
/// </summary>
public sealed class OpenAIEndpoint : IDisposable
{
    private readonly StandInOpenAIEndpoint? _standIn;

    private OpenAIEndpoint(Uri? endpoint, ApiKeyCredential key, StandInOpenAIEndpoint? standIn)
    {
        Endpoint = endpoint;
        Key = key;
        _standIn = standIn;
    }

    /// <summary>The endpoint, or null for the OpenAI SDK's default (api.openai.com).</summary>
    public Uri? Endpoint { get; }

    public ApiKeyCredential Key { get; }

    public bool IsStandIn => _standIn is not null;

    /// <summary>Reads the environment; starts the stand-in when neither variable is set.</summary>
    public static OpenAIEndpoint FromEnvironment()
    {
        var url = Environment.GetEnvironmentVariable("OPENAI_BASE_URL");
        var key = Environment.GetEnvironmentVariable("OPENAI_API_KEY");
        if (url is null && key is null)
        {
            var standIn = new StandInOpenAIEndpoint();
            return new OpenAIEndpoint(standIn.Endpoint, new ApiKeyCredential("stand-in"), standIn);
        }

        if (key is null)
        {
            throw new InvalidOperationException("OPENAI_BASE_URL is set but OPENAI_API_KEY is not: set both for a real provider, or neither for the local stand-in.");
        }

        return new OpenAIEndpoint(url is null ? null : new Uri(url), new ApiKeyCredential(key), null);
    }

    public string Describe() => IsStandIn
        ? $"the local stand-in OpenAI endpoint at {Endpoint} (not a model: set OPENAI_BASE_URL and OPENAI_API_KEY for a real provider)"
        : $"{Endpoint?.ToString() ?? "api.openai.com"}";

    public void Dispose() => _standIn?.Dispose();
}
