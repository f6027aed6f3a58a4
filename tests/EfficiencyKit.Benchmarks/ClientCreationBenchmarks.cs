using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http;
using BenchmarkDotNet.Attributes;
using EfficiencyKit.BenchmarkDotNet;
using OpenAI;
using OpenAI.Chat;
using StandInOpenAI;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// EK1001: what a ChatClient created per call costs against one shared client, per chat request to a
/// loopback endpoint (the samples' stand-in, asked for a one-word answer, so network and model time are near zero and
/// the client's own cost shows). The connection count printed at cleanup shows whether connections were reused.
/// </summary>
[MemoryDiagnoser]
[EnergyDiagnoser]
public class ClientCreationBenchmarks
{
    /// <summary>The stand-in answers this with the one word "ok" (a one-token completion).</summary>
    private const string Prompt = "Answer with one word from: ok.";

    private StandInOpenAIEndpoint _server = null!;
    private AcceptedConnectionCounter _connections = null!;
    private OpenAIClientOptions _options = null!;
    private ChatClient _shared = null!;
    private int _calls;

    [GlobalSetup]
    public void Setup()
    {
        _connections = new AcceptedConnectionCounter();
        _server = new StandInOpenAIEndpoint();
        _options = new OpenAIClientOptions { Endpoint = _server.Endpoint };
        _shared = new ChatClient("gpt-4o-mini", new ApiKeyCredential("sk-benchmark"), _options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// {_calls} calls opened {_connections.Accepted} TCP connections");
        _server.Dispose();
        _connections.Dispose();
    }

    [Benchmark(Baseline = true, Description = "shared ChatClient")]
    public string Shared()
    {
        _calls++;
        return _shared.CompleteChat(Prompt).Value.Content[0].Text;
    }

    [Benchmark(Description = "new ChatClient per call")]
    public string NewPerCall()
    {
        _calls++;
        var client = new ChatClient("gpt-4o-mini", new ApiKeyCredential("sk-benchmark"), _options);
        return client.CompleteChat(Prompt).Value.Content[0].Text;
    }

    [Benchmark(Description = "new ChatClient + own HttpClient per call")]
    public string NewPerCallWithOwnHttpClient()
    {
        _calls++;
        using var http = new HttpClient();
        var options = new OpenAIClientOptions { Endpoint = _server.Endpoint, Transport = new HttpClientPipelineTransport(http) };
        var client = new ChatClient("gpt-4o-mini", new ApiKeyCredential("sk-benchmark"), options);
        return client.CompleteChat(Prompt).Value.Content[0].Text;
    }
}
