using System.ClientModel;
using EfficiencyKit.Runtime;
using OpenAI;
using StandInOpenAI;

namespace TicketTriage;

/// <summary>
/// Connection settings: OPENAI_BASE_URL and OPENAI_API_KEY, or the local stand-in endpoint when neither is set. Every
/// client's pipeline reports its calls' model and tokens to the EfficiencyKit profiler (WithEnergyTracking).
/// </summary>
internal static class OpenAISettings
{
    private static OpenAIEndpoint? s_endpoint;

    public static OpenAIEndpoint Endpoint
    {
        get => s_endpoint ?? throw new InvalidOperationException("Call OpenAISettings.Endpoint = OpenAIEndpoint.FromEnvironment() first.");
        set => s_endpoint = value;
    }

    public static ApiKeyCredential Key => Endpoint.Key;

    public static OpenAIClientOptions Options => (Endpoint.Endpoint is { } url ? new OpenAIClientOptions { Endpoint = url } : new OpenAIClientOptions()).WithEnergyTracking();
}
