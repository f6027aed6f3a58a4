namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Decides whether an expression has the same value on every iteration of a loop, conservatively: constants; locals,
/// parameters and readonly fields that the loop neither declares nor writes (and, for mutable reference types, does
/// not touch anywhere else, since <c>messages.Add(…)</c> changes a list without assigning it); static members of AI
/// SDK types (<c>ChatRole.User</c>); and messages, strings and arrays built only from such values. Anything else
/// (a call, an element read, a property of a loop variable) is taken to vary.
/// </summary>
internal sealed class LoopInvariance
{
    private readonly HashSet<ISymbol> _written = new(SymbolEqualityComparer.Default);
    private readonly List<IOperation> _references = [];

    public LoopInvariance(ILoopOperation loop)
    {
        foreach (var operation in loop.Descendants())
        {
            switch (operation)
            {
                case IAssignmentOperation assignment when Symbol(assignment.Target) is { } target:
                    _written.Add(target);
                    break;
                case IIncrementOrDecrementOperation increment when Symbol(increment.Target) is { } target:
                    _written.Add(target);
                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument when Symbol(argument.Value) is { } target:
                    _written.Add(target);
                    break;
                case IVariableDeclaratorOperation declarator:
                    _written.Add(declarator.Symbol);
                    break;
                case ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation:
                    _references.Add(operation);
                    break;
            }
        }

        foreach (var local in loop.Locals)
        {
            _written.Add(local);
        }
    }

    /// <summary>Whether <paramref name="operation"/> is invariant, <paramref name="call"/> being the one place a mutable value may appear.</summary>
    public bool IsInvariant(IOperation operation, IOperation call)
    {
        switch (operation)
        {
            case { ConstantValue.HasValue: true }:
                return true;
            case IConversionOperation conversion:
                return IsInvariant(conversion.Operand, call);
            case IParenthesizedOperation parenthesized:
                return IsInvariant(parenthesized.Operand, call);
            case ILocalReferenceOperation or IParameterReferenceOperation:
                return IsUnchangedVariable(operation, call);
            case IFieldReferenceOperation { Field: { IsReadOnly: true } or { IsConst: true }, Instance: null or IInstanceReferenceOperation }:
                return IsUnchangedVariable(operation, call);
            case IPropertyReferenceOperation { Property.IsStatic: true } property:
                return IsAiSdkType(property.Property.ContainingType);
            case IInterpolatedStringOperation interpolated:
                return interpolated.Parts.All(part => part switch
                {
                    IInterpolatedStringTextOperation => true,
                    IInterpolationOperation interpolation => IsInvariant(interpolation.Expression, call),
                    _ => false,
                });
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } concatenation:
                return IsInvariant(concatenation.LeftOperand, call) && IsInvariant(concatenation.RightOperand, call);
            case IObjectCreationOperation creation:
                return (IsAiSdkType(creation.Type) || creation.Type?.SpecialType == SpecialType.System_String)
                    && creation.Arguments.All(a => IsInvariant(a.Value, call))
                    && (creation.Initializer is null || creation.Initializer.Initializers.All(i => i is ISimpleAssignmentOperation s && IsInvariant(s.Value, call)));
            case IInvocationOperation { TargetMethod.IsStatic: true } factory when IsAiSdkType(factory.TargetMethod.ContainingType):
                return factory.Arguments.All(a => IsInvariant(a.Value, call));
            case IArrayCreationOperation { Initializer: { } initializer }:
                return initializer.ElementValues.All(e => IsInvariant(e, call));
            default:
                return false;
        }
    }

    private bool IsUnchangedVariable(IOperation reference, IOperation call)
    {
        var symbol = Symbol(reference)!;
        if (_written.Contains(symbol))
        {
            return false;
        }

        var type = reference.Type;
        var immutable = type is null || type.IsValueType || type.SpecialType == SpecialType.System_String;
        return immutable
            || !_references.Any(r => SymbolEqualityComparer.Default.Equals(Symbol(r), symbol) && !IsWithin(r, call));
    }

    private static bool IsWithin(IOperation operation, IOperation ancestor)
    {
        for (var current = operation; current is not null; current = current.Parent)
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAiSdkType(ITypeSymbol? type)
    {
        var ns = type?.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        return ns == "OpenAI" || ns.StartsWith("OpenAI.", StringComparison.Ordinal) || ns.StartsWith("Microsoft.Extensions.AI", StringComparison.Ordinal);
    }

    private static ISymbol? Symbol(IOperation operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        _ => null,
    };
}
