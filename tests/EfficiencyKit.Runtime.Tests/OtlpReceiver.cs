using System.Collections.Concurrent;
using System.Net;
using StandInOpenAI;

namespace EfficiencyKit.Runtime.Tests;

/// <summary>An OTLP/HTTP receiver on a free loopback port: keeps every request body posted to it and answers 200.</summary>
internal sealed class OtlpReceiver : IDisposable
{
    private readonly LoopbackHttpServer _server;

    public OtlpReceiver()
    {
        _server = new LoopbackHttpServer(ReceiveAsync);
        MetricsEndpoint = new Uri(_server.BaseAddress, "v1/metrics");
    }

    public Uri MetricsEndpoint { get; }

    public ConcurrentQueue<(string Path, string? ContentType, byte[] Body)> Requests { get; } = new();

    public void Dispose() => _server.Dispose();

    private async Task ReceiveAsync(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        Requests.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));

        // An empty ExportMetricsServiceResponse: every point accepted.
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-protobuf";
        context.Response.Close();
    }
}
