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

    private static bool IsRetry(ILoopOperation loop, IOperation call)
    {
        bool leaves = false, waitsOrCatches = false;
        foreach (var operation in loop.Body.Descendants())
        {
            switch (operation)
            {
                case IReturnOperation:
                case IBranchOperation { BranchKind: BranchKind.Break }:
                    leaves = true;
                    break;
                case ITryOperation { Catches.IsEmpty: false } @try when @try.Body.Descendants().Contains(call):
                    waitsOrCatches = true;
                    break;
                case IInvocationOperation { TargetMethod: { Name: "Delay" or "Sleep" } wait } when IsWait(wait.ContainingType):
                    waitsOrCatches = true;
                    break;
            }
        }

        return leaves && waitsOrCatches;
    }

    private static bool IsWait(INamedTypeSymbol type)
        => (type.Name == "Task" && type.ContainingNamespace.IsNamespace("System.Threading.Tasks"))
        || (type.Name == "Thread" && type.ContainingNamespace.IsNamespace("System.Threading"));
}
