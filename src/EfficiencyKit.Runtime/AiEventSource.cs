using System;
using System.Diagnostics.Tracing;

namespace EfficiencyKit.Runtime;

/// <summary>
/// The events dotnet-energy reads: one Start and one Stop per AI operation, joined by <c>operationId</c>.
/// Provider name <c>EfficiencyKit-AI</c> (GUID derived from the name), keyword 0x1, level Informational; enable it
/// with <c>dotnet-trace --providers EfficiencyKit-AI:0x1:4</c>. The payloads are documented in docs/runtime.md and
/// only grow at the end, so readers of older versions keep working. Token counts are -1 when the provider reported
/// none. Each method checks <see cref="EventSource.IsEnabled()"/> first and writes through
/// <see cref="EventSource.WriteEventCore"/> over pinned strings, so a process without a listener pays a field read
/// and allocates nothing.
/// </summary>
[EventSource(Name = ProviderName)]
public sealed class AiEventSource : EventSource
{
    /// <summary>The EventPipe / ETW provider name.</summary>
    public const string ProviderName = "EfficiencyKit-AI";

    /// <summary>The single instance.</summary>
    public static readonly AiEventSource Log = new();

    private AiEventSource()
    {
    }

    /// <summary>An operation began. <paramref name="callerFile"/> is empty (line 0) when no caller information was available: readers then take the call site from the event's stack.</summary>
    [Event(1, Level = EventLevel.Informational, Keywords = Keywords.Operations)]
    public unsafe void OperationStart(long operationId, string kind, string provider, string model, string callerFile, int callerLine, int batchSize)
    {
        if (!IsEnabled(EventLevel.Informational, Keywords.Operations))
        {
            return;
        }

        fixed (char* kindChars = kind)
        fixed (char* providerChars = provider)
        fixed (char* modelChars = model)
        fixed (char* fileChars = callerFile)
        {
            var data = stackalloc EventData[7];
            Set(ref data[0], &operationId, sizeof(long));
            SetString(ref data[1], kindChars, kind);
            SetString(ref data[2], providerChars, provider);
            SetString(ref data[3], modelChars, model);
            SetString(ref data[4], fileChars, callerFile);
            Set(ref data[5], &callerLine, sizeof(int));
            Set(ref data[6], &batchSize, sizeof(int));
            WriteEventCore(1, 7, data);
        }
    }

    /// <summary>An operation ended. <paramref name="model"/> is the model that answered where the provider said so; <paramref name="status"/> is "ok" or the error type.</summary>
    [Event(2, Level = EventLevel.Informational, Keywords = Keywords.Operations)]
    public unsafe void OperationStop(
        long operationId,
        string kind,
        string provider,
        string model,
        string callerFile,
        int callerLine,
        int batchSize,
        long inputTokens,
        long outputTokens,
        long reasoningTokens,
        long cachedInputTokens,
        double durationSeconds,
        string status)
    {
        if (!IsEnabled(EventLevel.Informational, Keywords.Operations))
        {
            return;
        }

        fixed (char* kindChars = kind)
        fixed (char* providerChars = provider)
        fixed (char* modelChars = model)
        fixed (char* fileChars = callerFile)
        fixed (char* statusChars = status)
        {
            var data = stackalloc EventData[13];
            Set(ref data[0], &operationId, sizeof(long));
            SetString(ref data[1], kindChars, kind);
            SetString(ref data[2], providerChars, provider);
            SetString(ref data[3], modelChars, model);
            SetString(ref data[4], fileChars, callerFile);
            Set(ref data[5], &callerLine, sizeof(int));
            Set(ref data[6], &batchSize, sizeof(int));
            Set(ref data[7], &inputTokens, sizeof(long));
            Set(ref data[8], &outputTokens, sizeof(long));
            Set(ref data[9], &reasoningTokens, sizeof(long));
            Set(ref data[10], &cachedInputTokens, sizeof(long));
            Set(ref data[11], &durationSeconds, sizeof(double));
            SetString(ref data[12], statusChars, status);
            WriteEventCore(2, 13, data);
        }
    }

    private static unsafe void Set(ref EventData data, void* value, int size)
    {
        data.DataPointer = (IntPtr)value;
        data.Size = size;
    }

    // Strings go out NUL-terminated UTF-16, as the EventSource manifest declares them.
    private static unsafe void SetString(ref EventData data, char* chars, string value)
    {
        data.DataPointer = (IntPtr)chars;
        data.Size = (value.Length + 1) * sizeof(char);
    }

    /// <summary>The event keywords.</summary>
    public static class Keywords
    {
        /// <summary>Operation start and stop events.</summary>
        public const EventKeywords Operations = (EventKeywords)0x1;
    }
}
