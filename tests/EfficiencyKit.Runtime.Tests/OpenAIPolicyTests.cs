using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace EfficiencyKit.Runtime.Tests;

[Collection(TelemetryCollection.Name)]
public sealed class OpenAIPolicyTests
{
    [Fact]
    public async Task A_chat_completion_reports_the_answering_model_and_its_usage()
    {
        using var events = new AiEventRecorder();
        var handler = new FakeOpenAIHandler();
        var client = new ChatClient("gpt-4o", new ApiKeyCredential("test-key"), Options(handler));

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("My router keeps dropping the connection.")]);

        Assert.Equal("Reset the router.", completion.Content[0].Text);
        Assert.Equal(["/v1/chat/completions"], handler.Paths);
        var start = events.Single("OperationStart");
        Assert.Equal("chat", start.Get<string>("kind"));
        Assert.Equal("openai", start.Get<string>("provider"));
        Assert.Equal("gpt-4o", start.Get<string>("model"));
        var stop = events.Single("OperationStop");
        Assert.Equal("gpt-4o-2024-08-06", stop.Get<string>("model"));
        Assert.Equal(310L, stop.Get<long>("inputTokens"));
        Assert.Equal(95L, stop.Get<long>("outputTokens"));
        Assert.Equal(0L, stop.Get<long>("reasoningTokens"));
        Assert.Equal(256L, stop.Get<long>("cachedInputTokens"));
        Assert.Equal("ok", stop.Get<string>("status"));
    }

    [Fact]
    public async Task An_embeddings_batch_reports_the_number_of_inputs()
    {
        using var events = new AiEventRecorder();
        var client = new EmbeddingClient("text-embedding-3-small", new ApiKeyCredential("test-key"), Options(new FakeOpenAIHandler()));

        var embeddings = (await client.GenerateEmbeddingsAsync(["printer offline", "vpn drops", "password reset"])).Value;

        Assert.Equal(3, embeddings.Count);
        Assert.Equal(3, events.Single("OperationStart").Get<int>("batchSize"));
        var stop = events.Single("OperationStop");
        Assert.Equal("embeddings", stop.Get<string>("kind"));
        Assert.Equal(15L, stop.Get<long>("inputTokens"));
        Assert.Equal(-1L, stop.Get<long>("outputTokens"));
    }

    [Fact]
    public async Task A_rejected_request_stops_with_the_HTTP_status()
    {
        using var events = new AiEventRecorder();
        var client = new ChatClient("gpt-4o", new ApiKeyCredential("wrong"), Options(new FakeOpenAIHandler(HttpStatusCode.Unauthorized)));

        await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hello")]));

        Assert.Equal("401", events.Single("OperationStop").Get<string>("status"));
    }

    [Fact]
    public void Synchronous_calls_are_tracked_too_and_a_provider_name_can_be_given()
    {
        using var events = new AiEventRecorder();
        var options = new OpenAIClientOptions { Endpoint = new Uri("http://localhost:5111/v1"), Transport = new HttpClientPipelineTransport(new HttpClient(new FakeOpenAIHandler())) }
            .WithEnergyTracking(providerName: "azure.ai.openai");
        var client = new ChatClient("gpt-4o", new ApiKeyCredential("test-key"), options);

        client.CompleteChat([new UserChatMessage("hello")]);

        Assert.Equal("azure.ai.openai", events.Single("OperationStart").Get<string>("provider"));
        Assert.Equal(95L, events.Single("OperationStop").Get<long>("outputTokens"));
    }

    [Fact]
    public async Task Without_a_listener_the_request_goes_through_untouched()
    {
        var handler = new FakeOpenAIHandler();
        var client = new ChatClient("gpt-4o", new ApiKeyCredential("test-key"), Options(handler));

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("hello")]);

        Assert.Equal(95, completion.Usage.OutputTokenCount);
        Assert.Single(handler.Paths);
    }

    private static OpenAIClientOptions Options(FakeOpenAIHandler handler) => new OpenAIClientOptions
    {
        Endpoint = new Uri("http://localhost:5111/v1"),
        Transport = new HttpClientPipelineTransport(new HttpClient(handler)),
    }.WithEnergyTracking();
}
