using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Follows a created object through its uses inside one function body (in the manner of CA1869):
/// it is kept when it is stored outside a local, returned, captured, or passed to other code, and
/// transient when it is only called, awaited, disposed or dropped. Unknown flows count as kept, so the
/// rules that rely on this stay quiet rather than guess. Two flows are followed further: an object the
/// function disposes cannot live on wherever it was passed, and an argument to a method of the
/// compilation is followed into that method's parameter.
/// </summary>
internal static class ValueLifetimeAnalysis
{
    private const int MaxDepth = 8;
    private const int MaxCalleeDepth = 2;

    /// <param name="value">The operation that produces the value (an object creation, or a call that returns a new object).</param>
    /// <param name="isClientLike">Types whose instances carry the created object on (wrappers such as
    /// <c>AsIChatClient()</c> or sub-clients): a call that returns one is followed as well.</param>
    /// <param name="returnIsKept">False where returning does not keep (a property getter that builds a new object each read).</param>
    /// <param name="compilation">When given, arguments to methods of this compilation are followed into their parameter.</param>
    /// <param name="cancellationToken">Cancels the analysis.</param>
    public static ValueLifetime Analyze(
        IOperation value,
        Func<ITypeSymbol?, bool> isClientLike,
        bool returnIsKept,
        Compilation? compilation = null,
        CancellationToken cancellationToken = default)
    {
        var state = new State(isClientLike, returnIsKept, GetRoot(value), compilation, 0, cancellationToken);
        var lifetime = state.FollowValue(value, 0);
        return lifetime == ValueLifetime.Transient && state.DisposedExplicitly ? ValueLifetime.TransientDisposedExplicitly : lifetime;
    }

    private static IOperation GetRoot(IOperation operation)
    {
        while (operation.Parent is not null)
        {
            operation = operation.Parent;
        }

        return operation;
    }

    private static IOperation? GetEnclosingFunction(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current;
            }
        }

        return null;
    }

    private static ValueLifetime Longest(ValueLifetime a, ValueLifetime b) => a > b ? a : b;

    // using var x = …; using (var x = …) { }: the declarator sits under a declaration (group) owned by the using.
    private static bool IsUsingDeclared(IVariableDeclaratorOperation declarator)
    {
        var current = declarator.Parent;
        while (current is IVariableDeclarationOperation or IVariableDeclarationGroupOperation)
        {
            current = current.Parent;
        }

        return current is IUsingDeclarationOperation or IUsingOperation;
    }

    private sealed class State(
        Func<ITypeSymbol?, bool> isClientLike,
        bool returnIsKept,
        IOperation root,
        Compilation? compilation,
        int calleeDepth,
        CancellationToken cancellationToken)
    {
        public bool DisposedExplicitly { get; private set; }

        public ValueLifetime FollowValue(IOperation value, int depth)
        {
            if (depth > MaxDepth)
            {
                return ValueLifetime.Kept;
            }

            var parent = value.Parent;
            while (parent is IConversionOperation)
            {
                value = parent;
                parent = parent.Parent;
            }

            switch (parent)
            {
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return FollowLocal(declarator.Symbol, value, IsUsingDeclared(declarator), depth);

                case IAssignmentOperation assignment when assignment.Value == value:
                    if (assignment is ISimpleAssignmentOperation && assignment.Target is ILocalReferenceOperation target)
                    {
                        return FollowLocal(target.Local, value, usingDeclared: false, depth);
                    }

                    return assignment is ISimpleAssignmentOperation && IsMemberOfThis(assignment.Target)
                        ? ValueLifetime.StoredInInstance
                        : ValueLifetime.Kept;

                case IReturnOperation:
                    return returnIsKept || GetEnclosingFunction(parent) is not null ? ValueLifetime.Kept : ValueLifetime.Transient;

                case IArgumentOperation { Parent: IInvocationOperation invocation, Parameter.Ordinal: 0 } when invocation.TargetMethod.IsExtensionMethod:
                    return FollowCallResult(invocation, depth);

                case IArgumentOperation { Parent: IObjectCreationOperation wrapper } when isClientLike(wrapper.Type):
                    // new OllamaApiClient(new HttpClient()): the wrapper carries the object on.
                    return FollowValue(wrapper, depth + 1);

                case IArgumentOperation { Parameter: { } parameter, Parent: IInvocationOperation }:
                    return FollowIntoParameter(parameter);

                case IInvocationOperation invocation when invocation.Instance == value:
                    if (invocation.TargetMethod.Name == nameof(IDisposable.Dispose) || invocation.TargetMethod.Name == "DisposeAsync")
                    {
                        DisposedExplicitly = true;
                        return ValueLifetime.Transient;
                    }

                    return FollowCallResult(invocation, depth);

                case IMemberReferenceOperation member when member.Instance == value:
                // client.GetImageGenerationsAsync(…) on a client whose type does not resolve (a package outside the build):
                // the receiver sits under an operation of no kind for the unbound member access; a call on it, not an escape.
                case { Kind: OperationKind.None, Syntax: MemberAccessExpressionSyntax memberAccess } when memberAccess.Expression == value.Syntax:
                case IUsingOperation:
                case IExpressionStatementOperation:
                case IConditionalAccessOperation:
                case IAwaitOperation:
                case IIsTypeOperation:
                case IIsPatternOperation:
                case IBinaryOperation:
                    return ValueLifetime.Transient;

                case IConditionalOperation or ICoalesceOperation:
                    return FollowValue(parent, depth + 1);

                case ISwitchExpressionArmOperation { Parent: ISwitchExpressionOperation switchExpression }:
                    return FollowValue(switchExpression, depth + 1);

                default:
                    // Argument, collection or tuple element, initialiser, throw... : the object goes somewhere we do not follow.
                    return ValueLifetime.Escapes;
            }
        }

        private static bool IsMemberOfThis(IOperation target) => target switch
        {
            IFieldReferenceOperation { Field.IsStatic: false, Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } } => true,
            IPropertyReferenceOperation { Property.IsStatic: false, Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } } => true,
            _ => false,
        };

        private ValueLifetime FollowCallResult(IInvocationOperation invocation, int depth)
            => isClientLike(invocation.Type) ? FollowValue(invocation, depth + 1) : ValueLifetime.Transient;

        // A method of this compilation that only calls, awaits or disposes its parameter does not keep the argument.
        private ValueLifetime FollowIntoParameter(IParameterSymbol parameter)
        {
            if (compilation is null
                || calleeDepth >= MaxCalleeDepth
                || parameter.ContainingSymbol is not IMethodSymbol { IsAbstract: false, IsVirtual: false, IsExtern: false } method
                || method.DeclaringSyntaxReferences.Length != 1)
            {
                return ValueLifetime.Escapes;
            }

            // Followed only for the rare client creation that reaches an argument.
            if (SourceMethodBody.Of(compilation, method.DeclaringSyntaxReferences[0], worthBinding: null, cancellationToken) is not { } body)
            {
                return ValueLifetime.Escapes;
            }

            var callee = new State(isClientLike, returnIsKept: true, body, compilation, calleeDepth + 1, cancellationToken);
            var lifetime = ValueLifetime.Transient;
            foreach (var operation in body.Descendants())
            {
                if (operation is IParameterReferenceOperation parameterReference
                    && SymbolEqualityComparer.Default.Equals(parameterReference.Parameter, parameter))
                {
                    if (parameterReference.Parent is IAssignmentOperation assignment && assignment.Target == parameterReference)
                    {
                        return ValueLifetime.Escapes;
                    }

                    if (GetEnclosingFunction(parameterReference) is not null)
                    {
                        return ValueLifetime.Escapes;
                    }

                    lifetime = Longest(lifetime, callee.FollowValue(parameterReference, 0));
                    if (lifetime != ValueLifetime.Transient)
                    {
                        return ValueLifetime.Escapes;
                    }
                }
            }

            return lifetime;
        }

        private ValueLifetime FollowLocal(ILocalSymbol local, IOperation declaration, bool usingDeclared, int depth)
        {
            var declaringFunction = GetEnclosingFunction(declaration);
            var disposedHere = usingDeclared;
            var lifetime = ValueLifetime.Transient;
            var escapes = false;
            foreach (var operation in root.Descendants())
            {
                if (operation is not ILocalReferenceOperation reference
                    || !SymbolEqualityComparer.Default.Equals(reference.Local, local)
                    || reference.IsDeclaration
                    || IsAssignmentTarget(reference))
                {
                    continue;
                }

                // A closure may outlive the call; we do not follow it.
                if (GetEnclosingFunction(reference) != declaringFunction)
                {
                    return ValueLifetime.Kept;
                }

                if (reference.Parent is IInvocationOperation { TargetMethod.Name: nameof(IDisposable.Dispose) or "DisposeAsync" } dispose
                    && dispose.Instance == reference)
                {
                    disposedHere = true;
                }

                var use = FollowValue(reference, depth + 1);
                if (use == ValueLifetime.Kept)
                {
                    return ValueLifetime.Kept;
                }

                if (use == ValueLifetime.Escapes)
                {
                    escapes = true;
                }
                else
                {
                    lifetime = Longest(lifetime, use);
                }
            }

            // What a function disposes cannot live on where it was passed: it was only lent there.
            return escapes && !disposedHere ? ValueLifetime.Escapes : lifetime;
        }

        private static bool IsAssignmentTarget(ILocalReferenceOperation reference)
            => reference.Parent is IAssignmentOperation assignment && assignment.Target == reference;
    }
}
