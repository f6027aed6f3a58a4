namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// A loop that retries a call until it succeeds (<c>for (attempt = 0; attempt &lt; max; attempt++) { try { return await
/// Post(…); } catch { } await Task.Delay(…); }</c>): it runs the call once when the call succeeds, so for the
/// interprocedural summaries a request made there is made once per run of the method, not once per item.
/// </summary>
internal static class RetryLoop
{
    /// <summary>
    /// The nearest loop around <paramref name="call"/> (no lambda or local function between) when it is a retry loop: not
    /// a foreach (which runs per item), left by a return or break, and waiting (Task.Delay, Thread.Sleep) or catching
    /// around the call between attempts. Null otherwise.
    /// </summary>
    public static ILoopOperation? Around(IOperation call)
    {
        for (var current = call.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IForEachLoopOperation:
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
                case ILoopOperation loop:
                    return IsRetry(loop, call) ? loop : null;
            }
        }

        return null;
    }

    // Left on success, and catching or waiting between attempts.
    private static bool IsRetry(ILoopOperation loop, IOperation call)
        => Signals(loop, call) is var signals
        && signals.HasFlag(RetrySignals.Leaves)
        && (signals & (RetrySignals.CatchesCall | RetrySignals.Waits)) != 0;

    /// <summary>What <paramref name="loop"/>'s body shows of retrying or polling <paramref name="call"/>: shared with EK1401, which leaves such loops alone.</summary>
    public static RetrySignals Signals(ILoopOperation loop, IOperation call)
    {
        var signals = RetrySignals.None;
        foreach (var operation in loop.Body.Descendants())
        {
            switch (operation)
            {
                case IReturnOperation:
                case IBranchOperation { BranchKind: BranchKind.Break }:
                    signals |= RetrySignals.Leaves;
                    break;
                case ITryOperation @try when @try.Body.Descendants().Contains(call):
                    signals |= @try.Catches.IsEmpty ? RetrySignals.TriesCall : RetrySignals.TriesCall | RetrySignals.CatchesCall;
                    break;
                case IInvocationOperation { TargetMethod: { Name: "Delay" or "Sleep" } wait } when IsWait(wait.ContainingType):
                    signals |= RetrySignals.Waits;
                    break;
            }
        }

        return signals;
    }

    private static bool IsWait(INamedTypeSymbol type)
        => (type.Name == "Task" && type.ContainingNamespace.IsNamespace("System.Threading.Tasks"))
        || (type.Name == "Thread" && type.ContainingNamespace.IsNamespace("System.Threading"));
}
