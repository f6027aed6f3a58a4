namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1401, caching across requests: an embedding call that embeds a corpus which does not change between requests
/// (files read from disk, a constant or static readonly list, a field initialised once) in code that runs on every
/// request (a request handler, or a method a handler calls, judged by <see cref="CallGraph"/>), with no lookup that
/// would skip what is already embedded. Only asked for embedding calls; the call graph is built lazily, once per
/// compilation, on the first corpus found.
/// </summary>
internal static class PerRequestCorpus
{
    private static readonly HashSet<string> s_fileReads = new(StringComparer.Ordinal)
    {
        "GetFiles", "EnumerateFiles", "ReadAllLines", "ReadAllLinesAsync", "ReadLines", "ReadLinesAsync", "ReadAllText", "ReadAllTextAsync",
    };

    // Lookups that let a method skip what is already embedded or stored: a cache, a dictionary, a count/any/exists
    // check on the store.
    private static readonly HashSet<string> s_skipChecks = new(StringComparer.Ordinal)
    {
        "TryGetValue", "ContainsKey", "Contains", "GetOrAdd", "GetOrCreate", "GetOrCreateAsync", "TryGet", "TryGetAsync",
        "Exists", "ExistsAsync", "Any", "AnyAsync", "Count", "CountAsync", "LongCount", "GetAsync", "GetBatchAsync",
    };

    /// <summary>
    /// What the call embeds again on every request ("the files read by 'GetFiles'") and the operation whose frequency
    /// decides (the loop over the corpus, or the call itself), or null.
    /// </summary>
    public static (string Corpus, IOperation Anchor)? FindCorpus(IInvocationOperation embedding, CancellationToken cancellationToken)
    {
        // In a loop over the corpus (any enclosing foreach in the same body), or the corpus passed as the batch input.
        for (var (child, parent) = ((IOperation)embedding, embedding.Parent); parent is not null; (child, parent) = (parent, parent.Parent))
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                break;
            }

            if (parent is IForEachLoopOperation forEach && forEach.Collection != child
                && Describe(forEach.Collection, cancellationToken, 0) is { } looped)
            {
                return (looped, forEach);
            }
        }

        foreach (var argument in embedding.Arguments)
        {
            if (argument.Parameter is { } p && !(embedding.TargetMethod.IsExtensionMethod && p.Ordinal == 0)
                && argument.Value.WalkDownImplicitConversions().Type is { SpecialType: not SpecialType.System_String }
                && Describe(argument.Value, cancellationToken, 0) is { } batch)
            {
                return (batch, embedding);
            }
        }

        return null;
    }

    /// <summary>How the code around <paramref name="operation"/> runs on every request ("on every request handled by 'MapPost'"), or null.</summary>
    public static string? PerRequest(IOperation operation, ISymbol containingSymbol, Compilation compilation, ExecutionContextTypes types, CancellationToken cancellationToken)
    {
        var site = ExecutionSiteFinder.Find(operation, containingSymbol, types);
        if (site.Kind == ExecutionSiteKind.PerRequest)
        {
            return $"on every request handled by '{site.Name}'";
        }

        if (site.Kind == ExecutionSiteKind.PerCall && containingSymbol is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && site.Name == method.Name)
        {
            var frequency = CallGraph.For(compilation).GetFrequency(method, cancellationToken);
            if (frequency.Kind == ExecutionSiteKind.PerRequest)
            {
                return frequency.Description;
            }
        }

        return null;
    }

    /// <summary>A lookup anywhere in the method that lets it skip what is already embedded (cache, dictionary, store check, <c>??=</c>).</summary>
    public static bool HasSkipCheck(IOperation operation)
    {
        var root = operation;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        return root.Descendants().Any(o => o is ICoalesceAssignmentOperation
            || (o is IInvocationOperation { TargetMethod.Name: var name } && s_skipChecks.Contains(name)));
    }

    private static string? Describe(IOperation operation, CancellationToken cancellationToken, int depth)
    {
        if (depth > 3)
        {
            return null;
        }

        operation = operation.WalkDownImplicitConversions();
        switch (operation)
        {
            case IAwaitOperation awaited:
                return Describe(awaited.Operation, cancellationToken, depth + 1);

            case IInvocationOperation invocation when IsFileRead(invocation.TargetMethod):
                return $"the files read by '{invocation.TargetMethod.Name}'";

            // LINQ and string operators over a corpus (File.ReadAllText(path).Split('\n'), lines.Where(...)).
            case IInvocationOperation invocation when invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0
                && invocation.TargetMethod.ContainingNamespace.IsNamespace("System.Linq"):
                return Describe(invocation.Arguments[0].Value, cancellationToken, depth + 1);
            case IInvocationOperation { Instance: { Type.SpecialType: SpecialType.System_String } instance }:
                return Describe(instance, cancellationToken, depth + 1);

            // A constant, or a static readonly array or read-only collection (a mutable list may be filled at run time).
            case IFieldReferenceOperation { Field: var field } when field.IsConst
                || (field.IsReadOnly && field.IsStatic && (field.Type is IArrayTypeSymbol || field.Type.Name.StartsWith("IReadOnly", StringComparison.Ordinal)
                    || field.Type.Name.StartsWith("Immutable", StringComparison.Ordinal) || field.Type.Name.StartsWith("Frozen", StringComparison.Ordinal))):
                return $"'{field.Name}'";
            case IFieldReferenceOperation { Field: { IsReadOnly: true } field } reference
                when field.DeclaredInitializer(reference, cancellationToken) is { } initializer && IsConstantList(initializer):
                return $"'{field.Name}'";

            case ILocalReferenceOperation { Local: var local } reference when local.DeclaredInitializer(reference, cancellationToken) is { } initializer
                && !IsReassigned(reference, local):
                return Describe(initializer, cancellationToken, depth + 1);

            case IArrayCreationOperation or IObjectCreationOperation when IsConstantList(operation):
                return "a constant list";

            default:
                return null;
        }
    }

    private static bool IsFileRead(IMethodSymbol method)
        => s_fileReads.Contains(method.Name)
        && method.ContainingType is { Name: "File" or "Directory" or "DirectoryInfo" } type
        && type.ContainingNamespace.IsNamespace("System.IO");

    // An array or collection initializer of two or more constants (collection expressions do not bind to an operation in Roslyn 4.8).
    private static bool IsConstantList(IOperation operation)
    {
        var elements = operation.WalkDownImplicitConversions() switch
        {
            IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
            IObjectCreationOperation { Initializer: { } initializer } => initializer.Initializers
                .Select(i => i is IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 1 } add ? add.Arguments[0].Value : i)
                .ToImmutableArray(),
            _ => default,
        };
        return !elements.IsDefault && elements.Length > 1 && elements.All(e => e.WalkDownImplicitConversions().ConstantValue.HasValue);
    }

    private static bool IsReassigned(IOperation reference, ILocalSymbol local)
    {
        var root = reference;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        return root.Descendants().Any(o => o is IAssignmentOperation { Target: ILocalReferenceOperation target } && SymbolEqualityComparer.Default.Equals(target.Local, local));
    }
}
