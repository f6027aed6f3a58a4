using System.Collections.Generic;

namespace EfficiencyKit.Profiler.Analysis;

/// <summary>
/// One Start or Stop event of the EfficiencyKit-AI EventSource (EfficiencyKit.Runtime; payloads in docs/runtime.md).
/// Token counts are -1 where the provider reported none. <see cref="StackFrames"/> is the event's stack (frame-table
/// indexes, leaf first): the call site when the payload has no caller information.
/// </summary>
public sealed record AiOperationEvent(
    bool IsStart,
    long OperationId,
    long UtcTicks,
    int ThreadId,
    string Kind,
    string Provider,
    string Model,
    string CallerFile,
    int CallerLine,
    int BatchSize,
    long InputTokens,
    long OutputTokens,
    long ReasoningTokens,
    long CachedInputTokens,
    string Status,
    IReadOnlyList<int> StackFrames);
