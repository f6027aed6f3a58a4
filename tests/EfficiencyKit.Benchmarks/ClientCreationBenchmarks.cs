using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http;
using BenchmarkDotNet.Attributes;
using EfficiencyKit.BenchmarkDotNet;
using OpenAI;
using OpenAI.Chat;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// EK1001: what a ChatClient created per call costs against one shared client, per chat request to a
/// loopback endpoint (so network and model time are near zero and the client's own cost shows).
/// The connection count printed at cleanup shows whether connections were reused.
/// </summary>
[MemoryDiagnoser]
[EnergyDiagnoser]
public class ClientCreationBenchmarks
{
    private LoopbackChatServer _server = null!;
    private OpenAIClientOptions _options = null!;
    private ChatClient _shared = null!;
    private int _calls;

    [GlobalSetup]
    public void Setup()
    {
        _server = new LoopbackChatServer();
        _options = new OpenAIClientOptions { Endpoint = _server.Endpoint };
        _shared = new ChatClient("gpt-4o-mini", new ApiKeyCredential("sk-benchmark"), _options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// {_calls} calls opened {_server.Connections} TCP connections");
        _server.Dispose();
    }

    [Benchmark(Baseline = true, Description = "shared ChatClient")]
    public string Shared()
    {
        _calls++;
        return _shared.CompleteChat("ping").Value.Content[0].Text;
    }

    [Benchmark(Description = "new ChatClient per call")]
    public string NewPerCall()
    {
        _calls++;
        var client = new ChatClient("gpt-4o-mini", new ApiKeyCredential("sk-benchmark"), _options);
        return client.CompleteChat("ping").Value.Content[0].Text;
    }

    [Benchmark(Description = "new ChatClient + own HttpClient per call")]
    public string NewPerCallWithOwnHttpClient()
    {
        _calls++;
        using var http = new HttpClient();
        var options = new OpenAIClientOptions { Endpoint = _server.Endpoint, Transport = new HttpClientPipelineTransport(http) };
        var client = new ChatClient("gpt-4o-mini", new ApiKeyCredential("sk-benchmark"), options);
        return client.CompleteChat("ping").Value.Content[0].Text;
    }
}
