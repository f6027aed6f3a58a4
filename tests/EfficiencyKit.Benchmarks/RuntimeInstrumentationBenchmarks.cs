using System.Diagnostics.Tracing;
using BenchmarkDotNet.Attributes;
using EfficiencyKit.Runtime;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// What EfficiencyKit.Runtime costs an app per operation: with nobody listening (the common case in production
/// without the profiler or OpenTelemetry), and with an in-process EventListener on the EfficiencyKit-AI events.
/// Run: dotnet run -c Release --project tests/EfficiencyKit.Benchmarks -- --filter '*RuntimeInstrumentation*' --memory
/// </summary>
[MemoryDiagnoser]
public class RuntimeInstrumentationBenchmarks
{
    private Listener? _listener;

    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void Setup() => _listener = Listening ? new Listener() : null;

    [GlobalCleanup]
    public void Cleanup() => _listener?.Dispose();

    /// <summary>A local inference scope around no work: the scope's own cost.</summary>
    [Benchmark]
    public void InferenceScope()
    {
        using (EnergyScope.Inference("intent-model", batchSize: 16))
        {
        }
    }

    /// <summary>What each wrapped chat call adds: one Start and one Stop with token counts.</summary>
    [Benchmark]
    public void ChatOperation()
    {
        var operation = AiTelemetry.Start(AiOperationKind.Chat, "openai", "gpt-4o-mini", 1);
        AiTelemetry.Stop(operation, new AiTokenUsage(212, 150), "gpt-4o-mini-2024-07-18");
    }

    private sealed class Listener : EventListener
    {
        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == AiEventSource.ProviderName)
            {
                EnableEvents(eventSource, EventLevel.Informational, AiEventSource.Keywords.Operations);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
        }
    }
}
