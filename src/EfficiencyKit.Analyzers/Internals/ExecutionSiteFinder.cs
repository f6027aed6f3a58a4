namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Tells how often an operation runs by walking its IOperation parents: the first loop body, per-item
/// lambda or request handler decides; a lambda that is not run per item (DI factory, Lazy, event handler)
/// ends the walk, as does the containing member (constructor, initialiser, Main, ordinary method).
/// </summary>
internal static class ExecutionSiteFinder
{
    private const string TopLevelStatementsEntryPoint = "<Main>$";

    public static ExecutionSite Find(IOperation operation, ISymbol containingSymbol, ExecutionContextTypes types)
    {
        var child = operation;
        var parent = operation.Parent;
        while (parent is not null)
        {
            switch (parent)
            {
                case ILoopOperation loop when IsRepeatedPart(loop, child):
                    return new ExecutionSite(ExecutionSiteKind.Loop, GetLoopKeyword(loop));

                case IAnonymousFunctionOperation lambda:
                    var lambdaSite = FindLambdaSite(lambda, types, out var continueFrom);
                    if (continueFrom is null)
                    {
                        return lambdaSite;
                    }

                    child = continueFrom;
                    parent = continueFrom.Parent;
                    continue;

                case ILocalFunctionOperation localFunction:
                    return new ExecutionSite(ExecutionSiteKind.PerCall, localFunction.Symbol.Name);
            }

            child = parent;
            parent = parent.Parent;
        }

        return FindMemberSite(child, containingSymbol, types);
    }

    /// <summary>A foreach collection and a for initialiser run once; everything else in a loop runs per iteration.</summary>
    private static bool IsRepeatedPart(ILoopOperation loop, IOperation child) => loop switch
    {
        IForEachLoopOperation forEach => forEach.Collection != child,
        IForLoopOperation forLoop => !forLoop.Before.Contains(child),
        _ => true,
    };

    private static string GetLoopKeyword(ILoopOperation loop) => loop switch
    {
        IForEachLoopOperation forEach => forEach.IsAsynchronous ? "await foreach" : "foreach",
        IForLoopOperation => "for",
        IWhileLoopOperation { ConditionIsTop: false } => "do",
        IWhileLoopOperation => "while",
        _ => "loop",
    };

    private static ExecutionSite FindLambdaSite(IAnonymousFunctionOperation lambda, ExecutionContextTypes types, out IOperation? continueFrom)
    {
        continueFrom = null;
        IOperation current = lambda;
        while (current.Parent is IDelegateCreationOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        if (current.Parent is IArgumentOperation { Parent: IInvocationOperation invocation })
        {
            var method = invocation.TargetMethod;
            if (IsPerItemMethod(method, types))
            {
                return new ExecutionSite(ExecutionSiteKind.PerItem, method.Name);
            }

            if (IsFanOutMethod(method, types))
            {
                // Task.Run runs its lambda once per call of the code around it: keep walking.
                continueFrom = invocation;
                return ExecutionSite.Once;
            }

            if (IsServiceRegistration(method, types))
            {
                // Factories return the instance to the container, which owns its lifetime.
                return ExecutionSite.Once;
            }

            if (IsEndpointMapping(method, types))
            {
                return new ExecutionSite(ExecutionSiteKind.PerRequest, method.Name);
            }
        }

        // Any other lambda (event handler, Lazy factory, callback): it runs when invoked, which we cannot see.
        return new ExecutionSite(ExecutionSiteKind.PerCall, "lambda");
    }

    /// <summary>A method that runs a delegate it is given once per item: LINQ (also PLINQ and async), <c>Parallel</c>, <c>List&lt;T&gt;.ForEach</c>, <c>Array.ForEach</c>.</summary>
    public static bool IsPerItemMethod(IMethodSymbol method, ExecutionContextTypes types)
    {
        var type = method.ContainingType.OriginalDefinition;
        return SymbolEqualityComparer.Default.Equals(type, types.Enumerable)
            || SymbolEqualityComparer.Default.Equals(type, types.ParallelEnumerable)
            || SymbolEqualityComparer.Default.Equals(type, types.AsyncEnumerable)
            || SymbolEqualityComparer.Default.Equals(type, types.Parallel)
            || (method.Name == "ForEach"
                && (SymbolEqualityComparer.Default.Equals(type, types.List) || SymbolEqualityComparer.Default.Equals(type, types.Array)));
    }

    private static bool IsFanOutMethod(IMethodSymbol method, ExecutionContextTypes types)
        => (method.Name == "Run" && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Task))
        || (method.Name == "StartNew" && SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, types.TaskFactory));

    private static bool IsServiceRegistration(IMethodSymbol method, ExecutionContextTypes types)
    {
        if (!method.Name.StartsWith("Add", StringComparison.Ordinal) && !method.Name.StartsWith("TryAdd", StringComparison.Ordinal))
        {
            return false;
        }

        var receiver = method.GetReceiverType();
        return receiver.IsOrImplements(types.ServiceCollection) || receiver.IsOrImplements(types.HostApplicationBuilder);
    }

    private static bool IsEndpointMapping(IMethodSymbol method, ExecutionContextTypes types)
        => method.Name.StartsWith("Map", StringComparison.Ordinal) && method.GetReceiverType().IsOrImplements(types.EndpointRouteBuilder);

    private static ExecutionSite FindMemberSite(IOperation root, ISymbol containingSymbol, ExecutionContextTypes types)
    {
        if (root is IFieldInitializerOperation or IPropertyInitializerOperation or IParameterInitializerOperation)
        {
            return ExecutionSite.Once;
        }

        if (containingSymbol is not IMethodSymbol method)
        {
            return ExecutionSite.Once;
        }

        switch (method.MethodKind)
        {
            case MethodKind.Constructor:
            case MethodKind.StaticConstructor:
                return ExecutionSite.Once;
            case MethodKind.PropertyGet:
                return new ExecutionSite(ExecutionSiteKind.PerPropertyRead, method.AssociatedSymbol?.Name ?? method.Name);
        }

        if (method.Name == TopLevelStatementsEntryPoint || (method.Name == "Main" && method.IsStatic))
        {
            return ExecutionSite.Once;
        }

        return IsRequestHandler(method, types)
            ? new ExecutionSite(ExecutionSiteKind.PerRequest, method.Name)
            : new ExecutionSite(ExecutionSiteKind.PerCall, method.Name);
    }

    private static bool IsRequestHandler(IMethodSymbol method, ExecutionContextTypes types)
    {
        if (method.HasAttribute(types.FunctionAttribute) || method.HasAttribute(types.FunctionNameAttribute))
        {
            return true;
        }

        if (method.DeclaredAccessibility != Accessibility.Public || method.IsStatic || method.MethodKind != MethodKind.Ordinary)
        {
            return false;
        }

        var type = method.ContainingType;
        return type.InheritsFromOrEquals(types.ControllerBase)
            || type.HasAttribute(types.ApiControllerAttribute)
            || type.InheritsFromOrEquals(types.Hub)
            || (type.InheritsFromOrEquals(types.PageModel) && method.Name.StartsWith("On", StringComparison.Ordinal));
    }
}
