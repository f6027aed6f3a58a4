using Microsoft.CodeAnalysis.CSharp;

namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1401, caching across requests: a chat request whose input is fixed (constants, static readonly strings, AI SDK
/// statics, messages and arrays built only from them; no value of the request flows into it) in code that runs on
/// every request, with no cache in sight: no output cache on the endpoint (<c>CacheOutput()</c>,
/// <c>[OutputCache]</c>, <c>[ResponseCache]</c>), no cache lookup in the method, no <c>UseDistributedCache</c> anywhere
/// in the compilation (looked up once, in the call graph's name index), and no tools in the options (a tool call can bring live data).
/// </summary>
internal sealed class ConstantPromptRequests
{
    private static readonly string[] s_sdkNamespaces = { "Microsoft.Extensions.AI", "OpenAI", "Microsoft.SemanticKernel", "Azure.AI.OpenAI", "OllamaSharp" };

    private readonly Compilation _compilation;
    private readonly Lazy<bool> _hasResponseCache;

    public ConstantPromptRequests(Compilation compilation)
    {
        _compilation = compilation;
        _hasResponseCache = new Lazy<bool>(FindResponseCache, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Cheap, asked first: every input given is fixed (and there is at least one).</summary>
    public static bool AreFixed(IEnumerable<IArgumentOperation> inputs)
    {
        var any = false;
        foreach (var input in inputs)
        {
            if (input.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (!IsFixed(input.Value, 0))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    /// <summary>True when nothing caches the answer: no tools, no lookup in the method, no output cache on the endpoint, no response cache in the compilation.</summary>
    public bool IsUncached(IInvocationOperation call, IOperation? endpoint)
        => !HasTools(call)
        && !PerRequestCorpus.HasSkipCheck(call)
        && !(endpoint is not null && IsOutputCached(endpoint))
        && !_hasResponseCache.Value;

    private static bool IsFixed(IOperation operation, int depth)
    {
        if (depth > 8)
        {
            return false;
        }

        if (operation.ConstantValue.HasValue)
        {
            return true;
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                return IsFixed(conversion.Operand, depth + 1);
            case IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true, Type.SpecialType: SpecialType.System_String } }:
                return true;
            case IPropertyReferenceOperation { Instance: null, Property: var property }:
                return IsSdk(property.ContainingType);
            case IFieldReferenceOperation { Instance: null, Field: var field }:
                return field.IsReadOnly && IsSdk(field.ContainingType);
            case IObjectCreationOperation creation:
                return creation.Arguments.All(a => a.ArgumentKind == ArgumentKind.DefaultValue || IsFixed(a.Value, depth + 1))
                    && (creation.Initializer is null || creation.Initializer.Initializers.All(i => IsFixedInitializer(i, depth + 1)));
            case IArrayCreationOperation array:
                return array.Initializer is { } init && init.ElementValues.All(e => IsFixed(e, depth + 1));
            case IInterpolatedStringOperation interpolated:
                return interpolated.Parts.All(p => p is IInterpolatedStringTextOperation
                    || (p is IInterpolationOperation interpolation && IsFixed(interpolation.Expression, depth + 1)));
            case IBinaryOperation binary:
                return IsFixed(binary.LeftOperand, depth + 1) && IsFixed(binary.RightOperand, depth + 1);
            default:
                // Collection expressions bind to no specific operation in Roslyn 4.8: their elements are the children.
                return operation.Kind == OperationKind.None
                    && operation.Syntax.IsKind(SyntaxKind.CollectionExpression)
                    && operation.ChildOperations.Count > 0
                    && operation.ChildOperations.All(c => IsFixed(c, depth + 1));
        }
    }

    private static bool IsFixedInitializer(IOperation initializer, int depth) => initializer switch
    {
        ISimpleAssignmentOperation assignment => IsFixed(assignment.Value, depth),
        IInvocationOperation { TargetMethod.Name: "Add" } add => add.Arguments.All(a => IsFixed(a.Value, depth)),
        _ => false,
    };

    private static bool IsSdk(INamedTypeSymbol? type)
    {
        var name = type?.ContainingNamespace?.ToDisplayString();
        return name is not null && s_sdkNamespaces.Any(n => name == n || name.StartsWith(n + ".", StringComparison.Ordinal));
    }

    // Options that carry tools: a tool call can fetch live data, so the answer may differ from one request to the next.
    private static bool HasTools(IInvocationOperation call)
        => call.Arguments.Any(a => a.Value.Syntax.DescendantTokens().Any(t => t.ValueText is "Tools" or "ToolMode" or "FunctionChoiceBehavior" or "ToolCallBehavior"));

    // The endpoint mapping (app.MapGet(...)) or handler method: an output or response cache applies to it.
    private static bool IsOutputCached(IOperation endpoint)
    {
        if (endpoint is IInvocationOperation mapping)
        {
            // Syntax, so that an unbound CacheOutput() (a package version we do not reference) still counts.
            for (var node = mapping.Syntax.Parent; node is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax; node = node.Parent)
            {
                if (node is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CacheOutput" })
                {
                    return true;
                }
            }

            return mapping.Arguments.Any(a => a.Value.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.LambdaExpressionSyntax lambda
                && lambda.AttributeLists.SelectMany(l => l.Attributes).Any(IsCacheAttribute));
        }

        return false;
    }

    public static bool IsCacheAttribute(Microsoft.CodeAnalysis.CSharp.Syntax.AttributeSyntax attribute)
        => attribute.Name.ToString() is var name && (name.EndsWith("OutputCache", StringComparison.Ordinal) || name.EndsWith("ResponseCache", StringComparison.Ordinal)
            || name.EndsWith("OutputCacheAttribute", StringComparison.Ordinal) || name.EndsWith("ResponseCacheAttribute", StringComparison.Ordinal));

    // The call graph's name index (already built by the time a per-request call is found) instead of a second walk.
    private bool FindResponseCache()
    {
        var graph = Internals.CallGraph.For(_compilation);
        return graph.NamesCall("UseDistributedCache") || graph.NamesCall("UseResponseCaching") || graph.NamesCall("UseOutputCache") || graph.NamesCall("AddOutputCache");
    }
}
