using Microsoft.Extensions.AI;

namespace EfficiencyKit.Runtime.Tests;

[Collection(TelemetryCollection.Name)]
public sealed class EmbeddingGeneratorWrapperTests
{
    [Fact]
    public async Task A_batch_call_reports_its_batch_size_and_input_tokens()
    {
        using var events = new AiEventRecorder();
        using var metrics = new MetricRecorder();
        var generator = new FakeEmbeddingGenerator().WithEnergyTracking();

        var embeddings = await generator.GenerateAsync(["printer offline", "vpn drops", "password reset"]);

        Assert.Equal(3, embeddings.Count);
        var start = events.Single("OperationStart");
        var stop = events.Single("OperationStop");
        Assert.Equal("embeddings", start.Get<string>("kind"));
        Assert.Equal(3, start.Get<int>("batchSize"));
        Assert.Equal(FakeEmbeddingGenerator.Model, start.Get<string>("model"));
        Assert.Equal(24L, stop.Get<long>("inputTokens"));
        Assert.Equal(-1L, stop.Get<long>("outputTokens"));
        Assert.Equal(24, Assert.Single(metrics.Of("gen_ai.client.token.usage")).Value);

        // EcoLogits counts output tokens only; an embeddings call has none, so its energy is not estimated (not zero).
        Assert.Empty(metrics.Of("efficiencykit.operation.energy"));
    }

    [Fact]
    public async Task A_lazy_sequence_is_enumerated_once()
    {
        var inner = new FakeEmbeddingGenerator();
        var enumerations = 0;
        IEnumerable<string> Tickets()
        {
            enumerations++;
            yield return "printer offline";
            yield return "vpn drops";
        }

        using var events = new AiEventRecorder();
        await inner.WithEnergyTracking().GenerateAsync(Tickets());

        Assert.Equal(1, enumerations);
        Assert.Equal([2], inner.BatchSizes);
        Assert.Equal(2, events.Single("OperationStart").Get<int>("batchSize"));
    }

    [Fact]
    public async Task A_single_item_call_is_a_batch_of_one()
    {
        using var events = new AiEventRecorder();
        var generator = new FakeEmbeddingGenerator().WithEnergyTracking();

        var vector = await generator.GenerateVectorAsync("printer offline");

        Assert.Equal(4, vector.Length);
        Assert.Equal(1, events.Events.Single(e => e.Name == "OperationStart").Get<int>("batchSize"));
    }
}
