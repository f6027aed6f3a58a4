using System;
using System.Diagnostics;
using System.Threading;

namespace EfficiencyKit.Runtime;

/// <summary>
/// Starts and stops tracked operations: writes the <see cref="AiEventSource"/> events and records the
/// <see cref="AiMetrics"/> instruments. Wrappers and <see cref="EnergyScope"/> use it; call it directly to instrument
/// a client of your own.
/// </summary>
public static class AiTelemetry
{
    private static long s_lastOperationId;
    private static AiTelemetryOptions s_options = new();

    /// <summary>Process-wide settings; set them at startup.</summary>
    public static AiTelemetryOptions Options
    {
        get => Volatile.Read(ref s_options);
        set => Volatile.Write(ref s_options, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>
    /// Starts an operation. Without an event listener and a metric listener this returns an untracked operation and
    /// does nothing else (no allocation, no clock read).
    /// </summary>
    /// <param name="kind">What the operation does.</param>
    /// <param name="provider">The <c>gen_ai.provider.name</c>, for example "openai".</param>
    /// <param name="requestModel">The model asked for.</param>
    /// <param name="batchSize">Items in the request (inputs of an embeddings call, rows of an inference batch; 1 for chat).</param>
    /// <param name="callerFile">The caller's source file, or null when unknown.</param>
    /// <param name="callerLine">The caller's line, or 0.</param>
    public static AiOperation Start(AiOperationKind kind, string provider, string requestModel, int batchSize, string? callerFile = null, int callerLine = 0)
    {
        var events = AiEventSource.Log.IsEnabled();
        var metrics = AiMetrics.AnyEnabled;
        if (!events && !metrics)
        {
            return default;
        }

        if (callerFile is null && metrics && Options.CaptureCallSiteFromStackTrace)
        {
            (callerFile, callerLine) = CallSiteFinder.FirstUserFrame();
        }

        var id = Interlocked.Increment(ref s_lastOperationId);
        AiEventSource.Log.OperationStart(id, kind.Name(), provider, requestModel, callerFile ?? string.Empty, callerLine, batchSize);
        return new AiOperation(id, kind, provider, requestModel, callerFile, callerLine, batchSize, Stopwatch.GetTimestamp());
    }

    /// <summary>Ends an operation: the Stop event, tokens, duration and, where the energy is known, joules.</summary>
    /// <param name="operation">What <see cref="Start"/> returned; an untracked operation is ignored.</param>
    /// <param name="usage">Tokens the provider reported.</param>
    /// <param name="responseModel">The model that answered, when the provider said.</param>
    /// <param name="errorType">Null on success; otherwise the error's type (exception type name or HTTP status).</param>
    /// <param name="energy">Energy known to the caller (local inference); null: estimated from tokens for remote calls.</param>
    public static void Stop(in AiOperation operation, AiTokenUsage usage, string? responseModel = null, string? errorType = null, EnergyRange? energy = null)
    {
        if (!operation.IsTracked)
        {
            return;
        }

        var seconds = Stopwatch.GetElapsedTime(operation.StartTimestamp).TotalSeconds;
        AiEventSource.Log.OperationStop(
            operation.Id,
            operation.Kind.Name(),
            operation.Provider,
            responseModel ?? operation.RequestModel,
            operation.CallerFile ?? string.Empty,
            operation.CallerLine,
            operation.BatchSize,
            usage.InputTokens ?? -1,
            usage.OutputTokens ?? -1,
            usage.ReasoningTokens ?? -1,
            usage.CachedInputTokens ?? -1,
            seconds,
            errorType ?? "ok");
        if (AiMetrics.AnyEnabled)
        {
            AiMetrics.Record(operation, usage, responseModel, errorType, seconds, energy ?? EstimateRemote(operation, usage, responseModel));
        }
    }

    /// <summary>The energy of a remote call from its tokens, or null (local operation, unknown model, no token counts).</summary>
    private static EnergyRange? EstimateRemote(in AiOperation operation, AiTokenUsage usage, string? responseModel)
    {
        if (operation.Kind == AiOperationKind.Inference || usage.OutputTokens is not { } output)
        {
            return null;
        }

        var model = Options.EnergyModel;
        var input = usage.InputTokens ?? 0;
        if (output > int.MaxValue || input > int.MaxValue)
        {
            return null;
        }

        var estimate = model.Estimate(responseModel ?? operation.RequestModel, (int)output, (int)input);
        if (estimate is null || (estimate.MaxJoules == 0 && !model.IncludeInputTokens))
        {
            // An embeddings call has no output tokens, and EcoLogits' method counts only those: that is "not
            // estimated", not zero joules.
            return null;
        }

        return new EnergyRange(estimate.MinJoules, estimate.MaxJoules, model.IncludeInputTokens ? "ecologits+prefill" : "ecologits");
    }
}
