using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Recognises <c>for (int i = 0; i &lt; n; i++)</c> loops whose body only accumulates products, squares or
/// elements of <c>float</c>/<c>double</c> vectors indexed by <c>i</c> (<c>dot += a[i] * b[i]</c>,
/// <c>d = a[i] - b[i]; sum += d * d</c>) or writes element-wise results (<c>c[i] = a[i] + b[i]</c>,
/// <c>v[i] *= scale</c>). Anything else in the body (a branch, a call, a break) means the loop is not a plain
/// kernel and is left alone: TensorPrimitives could not express it without changing behaviour.
/// </summary>
internal static class KernelLoopMatcher
{
    public static KernelLoop? Match(IForLoopOperation loop, INamedTypeSymbol? list)
    {
        if (FindIndex(loop) is not { } index
            || loop.Condition?.WalkDownImplicitConversions() is not IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan } condition
            || !IsLocal(condition.LeftOperand, index)
            || !IsUnitIncrement(loop.AtLoopBottom, index))
        {
            return null;
        }

        var body = loop.Body is IBlockOperation block ? block.Operations : ImmutableArray.Create(loop.Body);
        var differences = new Dictionary<ILocalSymbol, (VectorOperand Left, VectorOperand Right)>(SymbolEqualityComparer.Default);
        var statements = ImmutableArray.CreateBuilder<KernelStatement>();
        var elementType = SpecialType.None;
        foreach (var operation in body)
        {
            if (operation is IVariableDeclarationGroupOperation group)
            {
                // A per-iteration difference (var d = a[i] - b[i]) feeding a squared distance.
                if (SingleDeclarator(group) is not { Initializer.Value: { } value } declarator
                    || value.WalkDownImplicitConversions() is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } difference
                    || Element(difference.LeftOperand, index, list, ref elementType) is not { } left
                    || Element(difference.RightOperand, index, list, ref elementType) is not { } right)
                {
                    return null;
                }

                differences[declarator.Symbol] = (left, right);
                continue;
            }

            if (operation is not IExpressionStatementOperation { Operation: var expression }
                || MatchStatement(expression, index, list, differences, ref elementType) is not { } statement)
            {
                return null;
            }

            statements.Add(statement);
        }

        if (statements.Count == 0 || !OperandsAreOnlyRead(statements))
        {
            return null;
        }

        var bound = condition.RightOperand.WalkDownImplicitConversions();
        var boundIsOperandLength = bound is IPropertyReferenceOperation { Property.Name: "Length" or "Count", Instance: { } instance }
            && StableSymbol(instance) is { } boundSymbol
            && statements.Any(s => s.Operands.Any(o => SymbolEqualityComparer.Default.Equals(o.Symbol, boundSymbol)));
        return new KernelLoop(statements.ToImmutable(), elementType, boundIsOperandLength);
    }

    private static KernelStatement? MatchStatement(
        IOperation expression,
        ILocalSymbol index,
        INamedTypeSymbol? list,
        Dictionary<ILocalSymbol, (VectorOperand Left, VectorOperand Right)> differences,
        ref SpecialType elementType)
    {
        switch (expression)
        {
            // acc += term
            case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Target: ILocalReferenceOperation accumulator } compound
                when !SymbolEqualityComparer.Default.Equals(accumulator.Local, index):
                return Accumulation(compound.Value, accumulator, index, list, differences, ref elementType);

            // acc = acc + term
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation accumulator, Value: var value }
                when value.WalkDownImplicitConversions() is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum
                    && IsLocal(sum.LeftOperand, accumulator.Local):
                return Accumulation(sum.RightOperand, accumulator, index, list, differences, ref elementType);

            // c[i] = a[i] op b[i] / c[i] = a[i] op scalar
            case ISimpleAssignmentOperation { Target: var target, Value: var value }
                when Element(target, index, list, ref elementType) is { } destination
                    && value.WalkDownImplicitConversions() is IBinaryOperation binary
                    && ElementWiseKind(binary.OperatorKind) is { } kind:
                return ElementWise(kind, binary.LeftOperand, binary.RightOperand, destination, index, list, ref elementType);

            // c[i] op= b[i] / c[i] op= scalar
            case ICompoundAssignmentOperation { Target: var target } compound
                when Element(target, index, list, ref elementType) is { } destination
                    && ElementWiseKind(compound.OperatorKind) is { } kind:
                return ElementWise(kind, compound.Target, compound.Value, destination, index, list, ref elementType);

            default:
                return null;
        }
    }

    private static KernelStatement? Accumulation(
        IOperation term,
        ILocalReferenceOperation accumulator,
        ILocalSymbol index,
        INamedTypeSymbol? list,
        Dictionary<ILocalSymbol, (VectorOperand Left, VectorOperand Right)> differences,
        ref SpecialType elementType)
    {
        var name = accumulator.Local.Name;
        term = term.WalkDownImplicitConversions();
        if (Element(term, index, list, ref elementType) is { } single)
        {
            return new KernelStatement(KernelKind.Sum, single, null, null, name, null);
        }

        if (term is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } product)
        {
            return null;
        }

        var left = product.LeftOperand.WalkDownImplicitConversions();
        var right = product.RightOperand.WalkDownImplicitConversions();
        if (Element(left, index, list, ref elementType) is { } x && Element(right, index, list, ref elementType) is { } y)
        {
            return x.Is(y)
                ? new KernelStatement(KernelKind.SumOfSquares, x, null, null, name, null)
                : new KernelStatement(KernelKind.Dot, x, y, null, name, null);
        }

        // d * d with d = a[i] - b[i] declared in the body, or (a[i] - b[i]) * (a[i] - b[i]).
        if (left is ILocalReferenceOperation l && right is ILocalReferenceOperation r
            && SymbolEqualityComparer.Default.Equals(l.Local, r.Local)
            && differences.TryGetValue(l.Local, out var pair))
        {
            return new KernelStatement(KernelKind.SquaredDistance, pair.Left, pair.Right, null, name, null);
        }

        if (left is IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } leftDifference
            && right is IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } rightDifference
            && Element(leftDifference.LeftOperand, index, list, ref elementType) is { } a
            && Element(leftDifference.RightOperand, index, list, ref elementType) is { } b
            && Element(rightDifference.LeftOperand, index, list, ref elementType) is { } a2
            && Element(rightDifference.RightOperand, index, list, ref elementType) is { } b2
            && a.Is(a2) && b.Is(b2))
        {
            return new KernelStatement(KernelKind.SquaredDistance, a, b, null, name, null);
        }

        return null;
    }

    private static KernelStatement? ElementWise(KernelKind kind, IOperation leftOperation, IOperation rightOperation, VectorOperand destination, ILocalSymbol index, INamedTypeSymbol? list, ref SpecialType elementType)
    {
        var left = Element(leftOperation, index, list, ref elementType);
        var right = Element(rightOperation, index, list, ref elementType);
        if (left is not null && right is not null)
        {
            return new KernelStatement(kind, left, right, null, null, destination);
        }

        // A scalar on the right, or on the left of a commutative operator (2 * a[i]).
        if (left is not null && Scalar(rightOperation, index) is { } rightScalar)
        {
            return new KernelStatement(kind, left, null, rightScalar, null, destination);
        }

        if (right is not null && kind is KernelKind.Add or KernelKind.Multiply && Scalar(leftOperation, index) is { } leftScalar)
        {
            return new KernelStatement(kind, right, null, leftScalar, null, destination);
        }

        return null;
    }

    private static KernelKind? ElementWiseKind(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => KernelKind.Add,
        BinaryOperatorKind.Subtract => KernelKind.Subtract,
        BinaryOperatorKind.Multiply => KernelKind.Multiply,
        BinaryOperatorKind.Divide => KernelKind.Divide,
        _ => null,
    };

    /// <summary><c>v[i]</c> on a one-dimensional float/double array, span or list held in a local, parameter or field.</summary>
    private static VectorOperand? Element(IOperation operation, ILocalSymbol index, INamedTypeSymbol? list, ref SpecialType elementType)
    {
        operation = operation.WalkDownImplicitConversions();
        IOperation? collection;
        bool isList;
        switch (operation)
        {
            case IArrayElementReferenceOperation { Indices.Length: 1, ArrayReference: var array } element when IsLocal(element.Indices[0], index):
                collection = array;
                isList = false;
                break;
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: { Type: INamedTypeSymbol collectionType } instance } indexer
                when IsLocal(indexer.Arguments[0].Value, index) && IsIndexableVector(collectionType, list):
                collection = instance;
                isList = list is not null && SymbolEqualityComparer.Default.Equals(collectionType.OriginalDefinition, list);
                break;
            default:
                return null;
        }

        var type = operation.Type?.SpecialType ?? SpecialType.None;
        if (type is not (SpecialType.System_Single or SpecialType.System_Double)
            || (elementType != SpecialType.None && elementType != type)
            || StableSymbol(collection) is not { } symbol)
        {
            return null;
        }

        elementType = type;
        return new VectorOperand(symbol, collection.Syntax.ToString(), isList);
    }

    private static bool IsIndexableVector(INamedTypeSymbol type, INamedTypeSymbol? list)
    {
        var definition = type.OriginalDefinition;
        return (list is not null && SymbolEqualityComparer.Default.Equals(definition, list))
            || (definition.Name is "Span" or "ReadOnlySpan" && definition.ContainingNamespace?.ToDisplayString() == "System" && definition.Arity == 1);
    }

    /// <summary>A value that is the same on every iteration: a constant, or a local or parameter other than the index.</summary>
    private static string? Scalar(IOperation operation, ILocalSymbol index)
    {
        operation = operation.WalkDownImplicitConversions();
        var invariant = operation.ConstantValue.HasValue
            || operation is IParameterReferenceOperation
            || (operation is ILocalReferenceOperation local && !SymbolEqualityComparer.Default.Equals(local.Local, index));
        return invariant ? operation.Syntax.ToString() : null;
    }

    private static ISymbol? StableSymbol(IOperation operation) => operation.WalkDownImplicitConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
        _ => null,
    };

    /// <summary>
    /// No statement reads or writes a vector that another statement writes: the loop interleaves them element by
    /// element, so separate whole-vector calls would see different values.
    /// </summary>
    private static bool OperandsAreOnlyRead(ImmutableArray<KernelStatement>.Builder statements)
        => statements.All(s => s.Destination is not { } destination
            || !statements.Any(other => !ReferenceEquals(other, s) && other.Operands.Any(o => o.Is(destination))));

    private static ILocalSymbol? FindIndex(IForLoopOperation loop)
    {
        if (loop.Before.Length != 1
            || loop.Before[0] is not IVariableDeclarationGroupOperation group
            || SingleDeclarator(group) is not { Initializer.Value: { } start } declarator
            || start.ConstantValue is not { HasValue: true, Value: 0 }
            || declarator.Symbol.Type.SpecialType is not (SpecialType.System_Int32 or SpecialType.System_Int64))
        {
            return null;
        }

        return declarator.Symbol;
    }

    private static bool IsUnitIncrement(ImmutableArray<IOperation> atLoopBottom, ILocalSymbol index)
        => atLoopBottom.Length == 1
            && atLoopBottom[0] is IExpressionStatementOperation { Operation: var step }
            && step switch
            {
                IIncrementOrDecrementOperation { Kind: OperationKind.Increment } increment => IsLocal(increment.Target, index),
                ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Value.ConstantValue: { HasValue: true, Value: 1 } } add => IsLocal(add.Target, index),
                _ => false,
            };

    private static IVariableDeclaratorOperation? SingleDeclarator(IVariableDeclarationGroupOperation group)
    {
        var declarators = group.Declarations.SelectMany(d => d.Declarators).ToList();
        return declarators.Count == 1 ? declarators[0] : null;
    }

    private static bool IsLocal(IOperation operation, ILocalSymbol local)
        => operation.WalkDownImplicitConversions() is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);
}
