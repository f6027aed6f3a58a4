using System.Diagnostics.Tracing;
using System.Net.Http;
using EfficiencyKit.Energy.Llm;
using Microsoft.Extensions.AI;

namespace EfficiencyKit.Runtime.Tests;

[Collection(TelemetryCollection.Name)]
public sealed class ChatClientWrapperTests
{
    [Fact]
    public async Task A_chat_call_writes_a_start_and_a_stop_event_joined_by_the_operation_id()
    {
        using var events = new AiEventRecorder();
        var chat = new FakeChatClient(inputTokens: 120, outputTokens: 250).WithEnergyTracking();

        await chat.GetResponseAsync("My router keeps dropping the connection.");

        var start = events.Single("OperationStart");
        var stop = events.Single("OperationStop");
        Assert.Equal(EventOpcode.Start, start.Opcode);
        Assert.Equal(EventOpcode.Stop, stop.Opcode);
        Assert.Equal(start.Get<long>("operationId"), stop.Get<long>("operationId"));
        Assert.Equal("chat", start.Get<string>("kind"));
        Assert.Equal("openai", start.Get<string>("provider"));
        Assert.Equal(FakeChatClient.RequestModel, start.Get<string>("model"));
        Assert.Equal(1, start.Get<int>("batchSize"));

        // No caller information through IChatClient: the reader takes the call site from the event's stack.
        Assert.Equal(string.Empty, start.Get<string>("callerFile"));
        Assert.Equal(FakeChatClient.ResponseModel, stop.Get<string>("model"));
        Assert.Equal(120L, stop.Get<long>("inputTokens"));
        Assert.Equal(250L, stop.Get<long>("outputTokens"));
        Assert.Equal(-1L, stop.Get<long>("reasoningTokens"));
        Assert.Equal("ok", stop.Get<string>("status"));
        Assert.InRange(stop.Get<double>("durationSeconds"), 0, 10);
    }

    [Fact]
    public async Task A_failed_call_stops_with_the_exception_type_and_is_rethrown()
    {
        using var events = new AiEventRecorder();
        using var metrics = new MetricRecorder();
        var chat = new FakeChatClient(0, 0, new HttpRequestException("connection refused")).WithEnergyTracking();

        await Assert.ThrowsAsync<HttpRequestException>(() => chat.GetResponseAsync("hello"));

        Assert.Equal("System.Net.Http.HttpRequestException", events.Single("OperationStop").Get<string>("status"));
        var duration = Assert.Single(metrics.Of("gen_ai.client.operation.duration"));
        Assert.Equal("System.Net.Http.HttpRequestException", duration.Tag("error.type"));
        Assert.Empty(metrics.Of("gen_ai.client.token.usage"));
        Assert.Empty(metrics.Of("efficiencykit.operation.energy"));
    }

    [Fact]
    public async Task A_streamed_call_reports_the_usage_the_stream_carried()
    {
        using var events = new AiEventRecorder();
        var chat = new FakeChatClient(inputTokens: 40, outputTokens: 3).WithEnergyTracking();

        var text = string.Concat(await chat.GetStreamingResponseAsync("hello").Select(u => u.Text).ToArrayAsync());

        Assert.Equal("Reset the router.", text);
        var stop = events.Single("OperationStop");
        Assert.Equal(40L, stop.Get<long>("inputTokens"));
        Assert.Equal(3L, stop.Get<long>("outputTokens"));
        Assert.Equal(FakeChatClient.ResponseModel, stop.Get<string>("model"));
    }

    [Fact]
    public async Task A_stream_the_caller_abandons_still_ends_its_operation()
    {
        using var events = new AiEventRecorder();
        var chat = new FakeChatClient(inputTokens: 40, outputTokens: 3).WithEnergyTracking();

        await foreach (var update in chat.GetStreamingResponseAsync("hello"))
        {
            Assert.Equal("Reset ", update.Text);
            break;
        }

        var stop = events.Single("OperationStop");
        Assert.Equal("ok", stop.Get<string>("status"));
        Assert.Equal(-1L, stop.Get<long>("outputTokens"));
    }

    [Fact]
    public async Task The_energy_histogram_records_the_estimate_range_of_the_tokens_returned()
    {
        using var metrics = new MetricRecorder();
        var chat = new FakeChatClient(inputTokens: 120, outputTokens: 250).WithEnergyTracking();

        await chat.GetResponseAsync("My router keeps dropping the connection.");

        var expected = new LlmEnergyModel().Estimate(FakeChatClient.ResponseModel, outputTokens: 250, inputTokens: 120)!;
        var energy = metrics.Of("efficiencykit.operation.energy");
        Assert.Equal(2, energy.Count);
        var min = energy.Single(m => m.Tag("efficiencykit.energy.bound") == "min");
        var max = energy.Single(m => m.Tag("efficiencykit.energy.bound") == "max");
        Assert.Equal(expected.MinJoules, min.Value, 12);
        Assert.Equal(expected.MaxJoules, max.Value, 12);
        Assert.True(min.Value > 0 && min.Value < max.Value);
        Assert.All(energy, m =>
        {
            Assert.Equal("J", m.Unit);
            Assert.Equal("modelled", m.Tag("efficiencykit.energy.origin"));
            Assert.Equal("ecologits", m.Tag("efficiencykit.energy.method"));
            Assert.Equal("chat", m.Tag("gen_ai.operation.name"));
            Assert.Equal(FakeChatClient.ResponseModel, m.Tag("gen_ai.response.model"));
        });
    }

    [Fact]
    public async Task Token_usage_follows_the_GenAI_semantic_conventions()
    {
        using var metrics = new MetricRecorder();
        var chat = new FakeChatClient(inputTokens: 120, outputTokens: 250).WithEnergyTracking();

        await chat.GetResponseAsync("hello", new ChatOptions { ModelId = "gpt-4o-mini" });

        var tokens = metrics.Of("gen_ai.client.token.usage");
        Assert.Equal(120, tokens.Single(m => m.Tag("gen_ai.token.type") == "input").Value);
        Assert.Equal(250, tokens.Single(m => m.Tag("gen_ai.token.type") == "output").Value);
        Assert.All(tokens, m =>
        {
            Assert.Equal("{token}", m.Unit);
            Assert.Equal("chat", m.Tag("gen_ai.operation.name"));
            Assert.Equal("openai", m.Tag("gen_ai.provider.name"));
            Assert.Equal("gpt-4o-mini", m.Tag("gen_ai.request.model"));
            Assert.Null(m.Tag("error.type"));
        });
        Assert.Equal("s", Assert.Single(metrics.Of("gen_ai.client.operation.duration")).Unit);
    }

    [Fact]
    public async Task Wrapping_twice_tracks_once()
    {
        using var events = new AiEventRecorder();
        var chat = new FakeChatClient(1, 1).WithEnergyTracking().WithEnergyTracking();

        await chat.GetResponseAsync("hello");

        Assert.Single(events.Events, e => e.Name == "OperationStart");
    }

    [Fact]
    public async Task The_wrapper_passes_the_inner_response_through_unchanged()
    {
        var inner = new FakeChatClient(7, 9);
        var response = await inner.WithEnergyTracking().GetResponseAsync("hello");

        Assert.Equal(1, inner.Calls);
        Assert.Equal("Reset the router, then call again.", response.Text);
        Assert.Equal(9, response.Usage!.OutputTokenCount);
        Assert.Equal("openai", inner.WithEnergyTracking().GetService<ChatClientMetadata>()!.ProviderName);
    }
}
