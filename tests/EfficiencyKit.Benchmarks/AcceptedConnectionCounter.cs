using System.Diagnostics.Tracing;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// Counts the TCP connections this process accepts, from the runtime's System.Net.Sockets events (AcceptStop, once per
/// accepted connection), so a benchmark can show whether its clients reuse connections to an in-process loopback
/// server. Those events come only with connects and accepts: requests on an open connection raise none.
/// </summary>
internal sealed class AcceptedConnectionCounter : EventListener
{
    private int _accepted;

    public int Accepted => Volatile.Read(ref _accepted);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "System.Net.Sockets")
        {
            EnableEvents(eventSource, EventLevel.Informational);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName == "AcceptStop")
        {
            Interlocked.Increment(ref _accepted);
        }
    }
}
