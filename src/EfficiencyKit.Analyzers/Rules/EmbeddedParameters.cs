using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1402 across one method boundary: which parameters a method of this compilation embeds as they are, every time it
/// runs (a single-input embedding call on the parameter itself, not inside a condition, loop, lambda or try), and on
/// which client (a readonly field, or another parameter). Summarised lazily, once per method and compilation, and only
/// for methods called from a method that embeds the same value itself. Helpers that memoise (a cache or dictionary
/// lookup, <c>??=</c>) and helpers that assign the parameter have no entry.
/// </summary>
internal sealed class EmbeddedParameters(Compilation compilation, AiRequestKinds requests) : SourceMethodSummaries<EmbeddedParameters.Entry>(compilation, requests)
{
    /// <summary>Cheap: an ordinary method declared in this compilation's source that takes parameters.</summary>
    public bool IsCandidate(IMethodSymbol method) => IsOwnOrdinaryMethod(method) && !method.Parameters.IsEmpty;

    protected override ImmutableArray<Entry> Summarise(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var found = ImmutableArray.CreateBuilder<Entry>();
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            // Only declarations that name a Generate… call are bound: the embedding calls this looks for all do.
            if (SourceMethodBody.Of(Compilation, reference, s => s is BaseMethodDeclarationSyntax && s.DescendantTokens().Any(t => t.ValueText.StartsWith("Generate", StringComparison.Ordinal)), cancellationToken) is not { } body)
            {
                continue;
            }

            var operations = body.Descendants().ToList();
            if (Memoisation.Memoises(operations))
            {
                return ImmutableArray<Entry>.Empty;
            }

            foreach (var call in operations.OfType<IInvocationOperation>())
            {
                if (!Requests.IsSingleEmbedding(call.TargetMethod) || IsConditional(call, body))
                {
                    continue;
                }

                var input = call.RequestInputs().FirstOrDefault();
                if (input?.Value.WalkDownImplicitConversions() is not IParameterReferenceOperation { Parameter: var parameter }
                    || !SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method)
                    || IsAssigned(operations, parameter))
                {
                    continue;
                }

                switch (call.Receiver()?.WalkDownImplicitConversions())
                {
                    case IFieldReferenceOperation { Field.IsReadOnly: true, Instance: null or IInstanceReferenceOperation } field:
                        found.Add(new Entry(parameter.Ordinal, field.Field, -1, call.TargetMethod.Name));
                        break;
                    case IParameterReferenceOperation client when !IsAssigned(operations, client.Parameter):
                        // The method's own parameter, or a primary constructor's, which is the same client in every method of the type.
                        found.Add(SymbolEqualityComparer.Default.Equals(client.Parameter.ContainingSymbol, method)
                            ? new Entry(parameter.Ordinal, null, client.Parameter.Ordinal, call.TargetMethod.Name)
                            : new Entry(parameter.Ordinal, client.Parameter, -1, call.TargetMethod.Name));
                        break;
                }
            }
        }

        return found.ToImmutable();
    }

    // Calls that may not run, or run a number of times we cannot pair up: under a condition, in a loop, lambda or try.
    private static bool IsConditional(IOperation call, IOperation body)
    {
        for (var parent = call.Parent; parent is not null && parent != body; parent = parent.Parent)
        {
            if (parent is IConditionalOperation or ICoalesceOperation or IConditionalAccessOperation or ISwitchOperation or ISwitchExpressionOperation
                or ILoopOperation or IAnonymousFunctionOperation or ILocalFunctionOperation or ITryOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAssigned(List<IOperation> operations, IParameterSymbol parameter)
        => operations.Any(o => o is IAssignmentOperation { Target: IParameterReferenceOperation target } && SymbolEqualityComparer.Default.Equals(target.Parameter, parameter));

    /// <summary>The helper embeds parameter <see cref="Parameter"/> with <see cref="Client"/> (a field or primary constructor parameter of its type) or with the client passed to parameter <see cref="ClientParameter"/>.</summary>
    internal sealed class Entry(int parameter, ISymbol? client, int clientParameter, string call)
    {
        public int Parameter { get; } = parameter;

        public ISymbol? Client { get; } = client;

        public int ClientParameter { get; } = clientParameter;

        public string Call { get; } = call;
    }
}
