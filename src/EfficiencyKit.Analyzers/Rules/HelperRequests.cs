using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1401 across one method boundary: whether a method of this compilation sends a chat or embedding request whose
/// inputs depend only on the method's parameters (which ones), constants, readonly values and AI SDK statics, on a
/// client the method does not pick per call. Summarised once per method and compilation, only for methods a loop calls.
/// Left out: requests inside the helper's own loops and lambdas, and helpers that memoise (a cache or dictionary
/// lookup, <c>??=</c>), which answer repeats without a request.
/// </summary>
internal sealed class HelperRequests(Compilation compilation, AiRequestKinds requests) : SourceMethodSummaries<HelperRequests.Summary>(compilation, requests)
{
    /// <summary>Cheap: an ordinary method declared in this compilation's source.</summary>
    public bool IsCandidate(IMethodSymbol method) => IsOwnOrdinaryMethod(method);

    protected override ImmutableArray<Summary> Summarise(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var found = ImmutableArray.CreateBuilder<Summary>();
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (SourceMethodBody.Of(Compilation, reference, s => s is BaseMethodDeclarationSyntax declaration && NamesARequest(declaration), cancellationToken) is not { } body)
            {
                continue;
            }

            var operations = body.Descendants().ToList();
            if (Memoisation.Memoises(operations))
            {
                return ImmutableArray<Summary>.Empty;
            }

            foreach (var call in operations.OfType<IInvocationOperation>())
            {
                var target = call.TargetMethod;
                var isChat = Requests.IsChat(target);
                if ((!isChat && !Requests.IsEmbedding(target)) || IsNested(call, body))
                {
                    continue;
                }

                var parameters = ImmutableHashSet.CreateBuilder<int>();
                var receiver = call.Receiver();
                if (receiver is null || !IsStableClient(receiver, method, operations, parameters, cancellationToken))
                {
                    continue;
                }

                if (call.RequestInputs().All(a => DependsOnlyOnParameters(a.Value, method, operations, parameters, 0, cancellationToken)))
                {
                    found.Add(new Summary(target.Name, isChat, parameters.ToImmutable().OrderBy(o => o).ToImmutableArray()));
                }
            }
        }

        return found.ToImmutable();
    }

    // Syntax only, before any semantic model: a body that names no request method has no request to summarise.
    private static bool NamesARequest(BaseMethodDeclarationSyntax declaration)
    {
        foreach (var token in declaration.DescendantTokens())
        {
            if (token.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken) && token.ValueText is { Length: > 5 } text
                && (text.StartsWith("Generate", StringComparison.Ordinal)
                    || text.StartsWith("Complete", StringComparison.Ordinal)
                    || text.StartsWith("GetResponse", StringComparison.Ordinal)
                    || text.StartsWith("GetStreaming", StringComparison.Ordinal)
                    || text.StartsWith("CreateResponse", StringComparison.Ordinal)
                    || text.StartsWith("GetChatMessageContent", StringComparison.Ordinal)
                    || text.StartsWith("GetTextContent", StringComparison.Ordinal)
                    || text.StartsWith("Invoke", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    // A client held in a field, property or parameter of the helper (not one it builds or picks per call).
    private static bool IsStableClient(IOperation receiver, IMethodSymbol method, List<IOperation> operations, ImmutableHashSet<int>.Builder parameters, CancellationToken cancellationToken)
        => receiver.WalkDownImplicitConversions() switch
        {
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => !IsAssigned(field.Field, operations),
            IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Property.IsIndexer: false } property => !IsAssigned(property.Property, operations),
            IParameterReferenceOperation parameter when SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, method) && !IsAssigned(parameter.Parameter, operations)
                => parameters.Add(parameter.Parameter.Ordinal) || true,
            IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } } captured => !IsAssigned(captured.Parameter, operations),
            _ => false,
        };

    // Constants; the helper's parameters (recorded) that it neither assigns nor mutates through a call; readonly
    // immutable fields; AI SDK statics; locals initialised once from such values; and strings, arrays and messages
    // built from them.
    private static bool DependsOnlyOnParameters(IOperation operation, IMethodSymbol method, List<IOperation> operations, ImmutableHashSet<int>.Builder parameters, int depth, CancellationToken cancellationToken)
    {
        if (depth > 4)
        {
            return false;
        }

        var value = operation.WalkDownImplicitConversions();
        switch (value)
        {
            case { ConstantValue.HasValue: true }:
                return true;
            case IParenthesizedOperation parenthesized:
                return DependsOnlyOnParameters(parenthesized.Operand, method, operations, parameters, depth + 1, cancellationToken);
            case IParameterReferenceOperation parameter when SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, method)
                && parameter.Parameter.RefKind == RefKind.None
                && !IsAssigned(parameter.Parameter, operations)
                && (IsImmutable(parameter.Type) || !operations.Any(o => o is IInvocationOperation { Instance: IParameterReferenceOperation p } && SymbolEqualityComparer.Default.Equals(p.Parameter, parameter.Parameter))):
                parameters.Add(parameter.Parameter.Ordinal);
                return true;
            case IFieldReferenceOperation { Field: { IsReadOnly: true } or { IsConst: true } } field when IsImmutable(field.Type):
                return true;
            case IPropertyReferenceOperation { Property.IsStatic: true } property:
                return IsAiSdkType(property.Property.ContainingType);
            case ILocalReferenceOperation local when !IsAssigned(local.Local, operations) && IsImmutable(local.Type)
                && local.Local.DeclaredInitializer(value, cancellationToken) is { } initial:
                return DependsOnlyOnParameters(initial, method, operations, parameters, depth + 1, cancellationToken);
            case IInterpolatedStringOperation interpolated:
                return interpolated.Parts.All(part => part switch
                {
                    IInterpolatedStringTextOperation => true,
                    IInterpolationOperation interpolation => DependsOnlyOnParameters(interpolation.Expression, method, operations, parameters, depth + 1, cancellationToken),
                    _ => false,
                });
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } concatenation:
                return DependsOnlyOnParameters(concatenation.LeftOperand, method, operations, parameters, depth + 1, cancellationToken)
                    && DependsOnlyOnParameters(concatenation.RightOperand, method, operations, parameters, depth + 1, cancellationToken);
            case IObjectCreationOperation creation when IsAiSdkType(creation.Type) && creation.Initializer is null:
                return creation.Arguments.All(a => DependsOnlyOnParameters(a.Value, method, operations, parameters, depth + 1, cancellationToken));
            case IArrayCreationOperation { Initializer: { } initializer }:
                return initializer.ElementValues.All(e => DependsOnlyOnParameters(e, method, operations, parameters, depth + 1, cancellationToken));
            default:
                return false;
        }
    }

    private static bool IsNested(IOperation call, IOperation body)
    {
        for (var parent = call.Parent; parent is not null && parent != body; parent = parent.Parent)
        {
            if (parent is ILoopOperation or IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAssigned(ISymbol symbol, List<IOperation> operations)
        => operations.Any(o => o switch
        {
            IAssignmentOperation assignment => SymbolEqualityComparer.Default.Equals(Symbol(assignment.Target), symbol),
            IIncrementOrDecrementOperation increment => SymbolEqualityComparer.Default.Equals(Symbol(increment.Target), symbol),
            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => SymbolEqualityComparer.Default.Equals(Symbol(argument.Value), symbol),
            _ => false,
        });

    private static ISymbol? Symbol(IOperation operation) => operation.WalkDownImplicitConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };

    // Strings, value types, and read-only sequences a caller passes (IEnumerable<string>, arrays: mutation would need a
    // call on the parameter, which is checked separately).
    private static bool IsImmutable(ITypeSymbol? type)
        => type is null || type.IsValueType || type.SpecialType == SpecialType.System_String;

    private static bool IsAiSdkType(ITypeSymbol? type)
    {
        var ns = type?.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        return ns == "OpenAI" || ns.StartsWith("OpenAI.", StringComparison.Ordinal) || ns.StartsWith("Microsoft.Extensions.AI", StringComparison.Ordinal);
    }

    internal sealed class Summary(string call, bool isChat, ImmutableArray<int> parameters)
    {
        /// <summary>The request method the helper calls.</summary>
        public string Call { get; } = call;

        public bool IsChat { get; } = isChat;

        /// <summary>The helper's parameters the request's inputs (or client) come from.</summary>
        public ImmutableArray<int> Parameters { get; } = parameters;
    }
}
