namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// <see cref="ExecutionSiteFinder"/> for the batching rules, which also look through a lambda handed to a call that is
/// awaited on the spot (<c>await Retry.ExecuteAsync(async () => await Embed(x))</c>): the wrapper runs the lambda while
/// the caller waits, so the lambda runs as often as the awaited call, once per iteration inside a loop.
/// </summary>
internal static class PerItemSite
{
    public static ExecutionSite Find(IOperation operation, ISymbol containingSymbol, ExecutionContextTypes types)
    {
        var site = ExecutionSiteFinder.Find(operation, containingSymbol, types);
        return site.Kind == ExecutionSiteKind.PerCall && AwaitedCallTakingLambda(operation) is { } outer
            ? Find(outer, containingSymbol, types)
            : site;
    }

    private static IOperation? AwaitedCallTakingLambda(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    IOperation argument = lambda;
                    while (argument.Parent is IDelegateCreationOperation or IConversionOperation)
                    {
                        argument = argument.Parent;
                    }

                    return argument.Parent is IArgumentOperation { Parent: IInvocationOperation { Parent: IAwaitOperation } call } ? call : null;
                case ILocalFunctionOperation:
                    return null;
            }
        }

        return null;
    }
}
