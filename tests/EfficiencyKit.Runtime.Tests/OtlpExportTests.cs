using System.Globalization;
using EfficiencyKit.Energy.Llm;
using Microsoft.Extensions.AI;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace EfficiencyKit.Runtime.Tests;

/// <summary>
/// The fleet path: the app's MeterProvider with <see cref="MeterProviderBuilderExtensions.AddEfficiencyKitInstrumentation"/>
/// exports over OTLP/HTTP (protobuf) to a receiver in the test, which decodes the request by the opentelemetry-proto
/// field numbers (ExportMetricsServiceRequest → ResourceMetrics.scope_metrics 2 → ScopeMetrics.metrics 2 →
/// Metric.histogram 9 → Histogram.data_points 1 → HistogramDataPoint attributes 9, count 4, sum 5, bucket_counts 6,
/// explicit_bounds 7).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Two_chat_calls_arrive_at_an_OTLP_receiver_as_GenAI_histograms_with_energy_bounds()
    {
        using var receiver = new OtlpReceiver();
        using (var provider = Sdk.CreateMeterProviderBuilder()
            .AddEfficiencyKitInstrumentation()
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = receiver.MetricsEndpoint;
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
            })
            .Build())
        {
            var chat = new FakeChatClient(inputTokens: 120, outputTokens: 250).WithEnergyTracking();
            await chat.GetResponseAsync("My router keeps dropping the connection.");
            await chat.GetResponseAsync("The printer is offline again.");
            Assert.True(provider.ForceFlush(10_000));
        }

        // ForceFlush exports, and disposing the provider exports again: cumulative temporality makes both the same.
        var (path, contentType, body) = receiver.Requests.First();
        Assert.Equal("/v1/metrics", path);
        Assert.Equal("application/x-protobuf", contentType);
        var scope = new ProtoMessage(body).Messages(1).SelectMany(r => r.Messages(2))
            .Single(s => s.Message(1)?.String(1) == AiMetrics.MeterName);
        var metrics = scope.Messages(2).ToDictionary(m => m.String(1)!);

        var tokens = Points(metrics["gen_ai.client.token.usage"]);
        Assert.Equal("{token}", metrics["gen_ai.client.token.usage"].String(3));
        var input = tokens.Single(p => p.Attributes["gen_ai.token.type"] == "input");
        var output = tokens.Single(p => p.Attributes["gen_ai.token.type"] == "output");
        Assert.Equal((2UL, 240.0), (input.Count, input.Sum));
        Assert.Equal((2UL, 500.0), (output.Count, output.Sum));
        Assert.Equal([1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864], output.Bounds);
        Assert.Equal("chat", output.Attributes["gen_ai.operation.name"]);
        Assert.Equal("openai", output.Attributes["gen_ai.provider.name"]);
        Assert.Equal(FakeChatClient.RequestModel, output.Attributes["gen_ai.request.model"]);
        Assert.Equal(FakeChatClient.ResponseModel, output.Attributes["gen_ai.response.model"]);

        var duration = Assert.Single(Points(metrics["gen_ai.client.operation.duration"]));
        Assert.Equal("s", metrics["gen_ai.client.operation.duration"].String(3));
        Assert.Equal(2UL, duration.Count);
        Assert.Equal([0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92], duration.Bounds);

        var estimate = new LlmEnergyModel().Estimate(FakeChatClient.ResponseModel, 250, 120)!;
        var energy = Points(metrics["efficiencykit.operation.energy"]);
        Assert.Equal("J", metrics["efficiencykit.operation.energy"].String(3));
        var min = energy.Single(p => p.Attributes["efficiencykit.energy.bound"] == "min");
        var max = energy.Single(p => p.Attributes["efficiencykit.energy.bound"] == "max");
        Assert.Equal(2 * estimate.MinJoules, min.Sum, 9);
        Assert.Equal(2 * estimate.MaxJoules, max.Sum, 9);
        Assert.Equal("modelled", min.Attributes["efficiencykit.energy.origin"]);
        Assert.Equal("ecologits", max.Attributes["efficiencykit.energy.method"]);
    }

    private static List<HistogramPoint> Points(ProtoMessage metric)
    {
        var histogram = metric.Message(9) ?? throw new InvalidOperationException($"{metric.String(1)} is not a histogram.");
        return histogram.Messages(1).Select(point => new HistogramPoint(
            point.Messages(9).ToDictionary(kv => kv.String(1)!, kv => AnyValue(kv.Message(2)!)),
            point.Number(4) ?? 0,
            point.Double(5) ?? double.NaN,
            point.Fixed64s(7).Select(bits => BitConverter.Int64BitsToDouble((long)bits)).ToArray())).ToList();
    }

    // AnyValue: string_value 1, int_value 3 (the call-site line), double_value 4.
    private static string AnyValue(ProtoMessage value)
        => value.String(1) ?? ((long?)value.Number(3))?.ToString(CultureInfo.InvariantCulture) ?? value.Double(4)?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private sealed record HistogramPoint(IReadOnlyDictionary<string, string> Attributes, ulong Count, double Sum, double[] Bounds);
}
