using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Follows a created object through its uses inside one function body (in the manner of CA1869):
/// it is kept when it is stored outside a local, returned, captured, or passed to other code, and
/// transient when it is only called, awaited, disposed or dropped. Unknown flows count as kept, so the
/// rules that rely on this stay quiet rather than guess.
/// </summary>
internal static class ValueLifetimeAnalysis
{
    private const int MaxDepth = 8;

    /// <param name="value">The operation that produces the value (usually an object creation).</param>
    /// <param name="isClientLike">Types whose instances carry the created object on (wrappers such as
    /// <c>AsIChatClient()</c> or sub-clients): a call that returns one is followed as well.</param>
    /// <param name="returnIsKept">False where returning does not keep (a property getter that builds a new object each read).</param>
    public static ValueLifetime Analyze(IOperation value, Func<ITypeSymbol?, bool> isClientLike, bool returnIsKept)
    {
        var state = new State(isClientLike, returnIsKept, GetRoot(value));
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

    private sealed class State(Func<ITypeSymbol?, bool> isClientLike, bool returnIsKept, IOperation root)
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
                    return FollowLocal(declarator.Symbol, value, depth);

                case IAssignmentOperation assignment when assignment.Value == value:
                    return assignment.Target is ILocalReferenceOperation target && assignment is not ICompoundAssignmentOperation
                        ? FollowLocal(target.Local, value, depth)
                        : ValueLifetime.Kept;

                case IReturnOperation:
                    return returnIsKept || GetEnclosingFunction(parent) is not null ? ValueLifetime.Kept : ValueLifetime.Transient;

                case IArgumentOperation { Parent: IInvocationOperation invocation, Parameter.Ordinal: 0 } when invocation.TargetMethod.IsExtensionMethod:
                    return FollowCallResult(invocation, depth);

                case IInvocationOperation invocation when invocation.Instance == value:
                    if (invocation.TargetMethod.Name == nameof(IDisposable.Dispose) || invocation.TargetMethod.Name == "DisposeAsync")
                    {
                        DisposedExplicitly = true;
                        return ValueLifetime.Transient;
                    }

                    return FollowCallResult(invocation, depth);

                case IMemberReferenceOperation member when member.Instance == value:
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
                    return ValueLifetime.Kept;
            }
        }

        private ValueLifetime FollowCallResult(IInvocationOperation invocation, int depth)
            => isClientLike(invocation.Type) ? FollowValue(invocation, depth + 1) : ValueLifetime.Transient;

        private ValueLifetime FollowLocal(ILocalSymbol local, IOperation declaration, int depth)
        {
            var declaringFunction = GetEnclosingFunction(declaration);
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

                if (FollowValue(reference, depth + 1) == ValueLifetime.Kept)
                {
                    return ValueLifetime.Kept;
                }
            }

            return ValueLifetime.Transient;
        }

        private static bool IsAssignmentTarget(ILocalReferenceOperation reference)
            => reference.Parent is IAssignmentOperation assignment && assignment.Target == reference;
    }
}
