using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Diagnostics.Tracing;

namespace EfficiencyKit.Profiler.Analysis;

/// <summary>Turns TraceEvent's view of an EfficiencyKit-AI event (payloads by name) into an <see cref="AiOperationEvent"/>.</summary>
internal static class AiEventReader
{
    /// <summary>The EventSource name of EfficiencyKit.Runtime's AiEventSource.</summary>
    public const string ProviderName = "EfficiencyKit-AI";

    /// <summary>The event, or null for events this version does not know (a newer runtime package may add some).</summary>
    public static AiOperationEvent? TryRead(TraceEvent traceEvent, IReadOnlyList<int> stack)
    {
        var isStart = traceEvent.Opcode == TraceEventOpcode.Start;
        if (!isStart && traceEvent.Opcode != TraceEventOpcode.Stop)
        {
            return null;
        }

        return new AiOperationEvent(
            isStart,
            Number(traceEvent, "operationId"),
            traceEvent.TimeStamp.ToUniversalTime().Ticks,
            traceEvent.ThreadID,
            Text(traceEvent, "kind"),
            Text(traceEvent, "provider"),
            Text(traceEvent, "model"),
            Text(traceEvent, "callerFile"),
            (int)Number(traceEvent, "callerLine"),
            (int)Number(traceEvent, "batchSize"),
            isStart ? -1 : Number(traceEvent, "inputTokens"),
            isStart ? -1 : Number(traceEvent, "outputTokens"),
            isStart ? -1 : Number(traceEvent, "reasoningTokens"),
            isStart ? -1 : Number(traceEvent, "cachedInputTokens"),
            isStart ? string.Empty : Text(traceEvent, "status"),
            stack);
    }

    private static string Text(TraceEvent traceEvent, string name) => traceEvent.PayloadByName(name) as string ?? string.Empty;

    private static long Number(TraceEvent traceEvent, string name)
        => traceEvent.PayloadByName(name) is IConvertible value ? value.ToInt64(CultureInfo.InvariantCulture) : -1;
}
