namespace EfficiencyKit.Runtime;

/// <summary>A started operation (<see cref="AiTelemetry.Start"/>); <c>default</c> is an untracked one.</summary>
public readonly struct AiOperation
{
    internal AiOperation(long id, AiOperationKind kind, string provider, string requestModel, string? callerFile, int callerLine, int batchSize, long startTimestamp)
    {
        Id = id;
        Kind = kind;
        Provider = provider;
        RequestModel = requestModel;
        CallerFile = callerFile;
        CallerLine = callerLine;
        BatchSize = batchSize;
        StartTimestamp = startTimestamp;
    }

    /// <summary>False when nothing listened at the start: stopping it does nothing.</summary>
    public bool IsTracked => Id != 0;

    /// <summary>The id joining the Start and Stop events (process-wide, from 1).</summary>
    public long Id { get; }

    public AiOperationKind Kind { get; }

    public string Provider { get; }

    public string RequestModel { get; }

    public string? CallerFile { get; }

    public int CallerLine { get; }

    public int BatchSize { get; }

    internal long StartTimestamp { get; }
}
