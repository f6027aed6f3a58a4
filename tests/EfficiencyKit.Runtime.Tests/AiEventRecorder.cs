using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace EfficiencyKit.Runtime.Tests;

/// <summary>Records the EfficiencyKit-AI events, as dotnet-energy would see them, with payloads by name.</summary>
internal sealed class AiEventRecorder : EventListener
{
    private readonly ConcurrentQueue<RecordedEvent> _events = new();

    public IReadOnlyList<RecordedEvent> Events => [.. _events];

    public RecordedEvent Single(string name) => Events.Single(e => e.Name == name);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == AiEventSource.ProviderName)
        {
            EnableEvents(eventSource, EventLevel.Informational, AiEventSource.Keywords.Operations);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventSource.Name != AiEventSource.ProviderName || eventData.EventName is null)
        {
            return;
        }

        var payload = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < eventData.PayloadNames!.Count; i++)
        {
            payload[eventData.PayloadNames[i]] = eventData.Payload![i];
        }

        _events.Enqueue(new RecordedEvent(eventData.EventName, eventData.Opcode, payload));
    }
}

internal sealed record RecordedEvent(string Name, EventOpcode Opcode, IReadOnlyDictionary<string, object?> Payload)
{
    public T Get<T>(string name) => (T)Payload[name]!;
}
