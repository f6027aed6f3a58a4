namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Recognises loops whose body only does scalar arithmetic on <c>float</c>/<c>double</c> vectors at the loop's
/// position: <c>for (int i = start; i &lt; n; i++)</c> and <c>foreach (var x in v)</c> (with an optional counter
/// <c>i++</c>). A statement accumulates (<c>dot += a[i] * b[i]</c>, <c>s += (double)v[i] * v[i]</c>,
/// <c>s += Math.Pow(v[i], 2)</c>, <c>d = a[i] - b[i]; s += d * d</c>) or writes element-wise results
/// (<c>c[i] = a[i] + b[i]</c>, <c>v[i] = (float)(v[i] / norm)</c>, <c>e[k] += t[b, s, k] * mask</c>). Anything else
/// in the body (a branch, a call other than a <c>Math</c> function TensorPrimitives has, a break, a plain copy) means
/// the loop is not a plain kernel and is left alone. Only the loop's operations are looked at; nothing outside it.
/// </summary>
internal static class KernelLoopMatcher
{
    /// <summary>Loops bounded by a constant below this are tiny fixed-size vectors (xyz, rgba): not worth a call.</summary>
    private const int TinyBound = 16;

    public static KernelLoop? Match(IForLoopOperation loop, INamedTypeSymbol? list)
    {
        if (FindIndex(loop) is not { } found
            || loop.Condition?.WalkDownImplicitConversions() is not IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan } condition
            || !IsLocal(condition.LeftOperand, found.Index)
            || !IsUnitIncrement(loop.AtLoopBottom, found.Index))
        {
            return null;
        }

        var bound = condition.RightOperand.WalkDownImplicitConversions();
        if (bound.ConstantValue is { HasValue: true, Value: int or long } constant && Convert.ToInt64(constant.Value) < TinyBound)
        {
            return null;
        }

        var reader = new KernelReader(found.Index, list);
        if (found.Start is { } start && reader.Scalar(start) is null)
        {
            return null;
        }

        var body = loop.Body is IBlockOperation block ? block.Operations : ImmutableArray.Create(loop.Body);
        if (Statements(reader, body) is not { } statements)
        {
            return null;
        }

        var boundIsOperandLength = found.Start is null
            && bound is IPropertyReferenceOperation { Property.Name: "Length" or "Count", Instance: { } instance }
            && reader.Collection(instance) is { } boundCollection
            && statements.Any(s => s.Operands.Any(o => o.IsWhole && SymbolEqualityComparer.Default.Equals(o.Symbol, boundCollection.Root) && o.Key == VectorOperand.WholeKey(boundCollection.Key)));
        return new KernelLoop(statements, reader.ElementType, boundIsOperandLength, reader.Widened);
    }

    /// <summary><c>foreach (var x in v)</c> over a float/double array, span or list; <c>x</c> is <c>v</c>'s element.</summary>
    public static KernelLoop? Match(IForEachLoopOperation loop, INamedTypeSymbol? list)
    {
        if (loop.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: { } variable }
            || loop.Collection.WalkDownImplicitConversions() is not { Type: { } collectionType } collection
            || !IsVectorType(collectionType, list, out var isList, out var elementType))
        {
            return null;
        }

        // An index kept by hand: the body ends with i++ and the statement before the loop is 'int i = 0'.
        var body = loop.Body is IBlockOperation block ? block.Operations : ImmutableArray.Create(loop.Body);
        ILocalSymbol? counter = null;
        if (body.Length > 1
            && body[body.Length - 1] is IExpressionStatementOperation { Operation: IIncrementOrDecrementOperation { Kind: OperationKind.Increment, Target: ILocalReferenceOperation counted } }
            && StartsAtZero(loop, counted.Local))
        {
            counter = counted.Local;
            body = body.RemoveAt(body.Length - 1);
        }

        var reader = new KernelReader(counter, list);
        if (reader.Collection(collection) is not { } vector)
        {
            return null;
        }

        reader.ElementType = elementType;
        reader.ElementVariables[variable] = new VectorOperand(vector.Root, vector.Text, VectorOperand.WholeKey(vector.Key), isList, isWhole: true);
        if (Statements(reader, body) is not { } statements)
        {
            return null;
        }

        return new KernelLoop(statements, reader.ElementType, boundIsOperandLength: counter is null, reader.Widened);
    }

    private static ImmutableArray<KernelStatement>? Statements(KernelReader reader, ImmutableArray<IOperation> body)
    {
        var statements = ImmutableArray.CreateBuilder<KernelStatement>();
        foreach (var operation in body)
        {
            if (operation is IVariableDeclarationGroupOperation group)
            {
                // A per-iteration temporary (var d = a[i] - b[i]; var x = (double)v[i]) feeding later statements.
                if (SingleDeclarator(group) is not { Initializer.Value: { } value } declarator
                    || reader.Term(value) is not { HasElement: true } temporary)
                {
                    return null;
                }

                reader.Temporaries[declarator.Symbol] = temporary;
                continue;
            }

            if (operation is not IExpressionStatementOperation { Operation: var expression }
                || reader.Statement(expression) is not { } statement)
            {
                return null;
            }

            statements.Add(statement);
        }

        if (statements.Count == 0 || !reader.IsConsistent(statements))
        {
            return null;
        }

        return statements.ToImmutable();
    }

    internal static bool IsVectorType(ITypeSymbol type, INamedTypeSymbol? list, out bool isList, out SpecialType elementType)
    {
        isList = false;
        elementType = SpecialType.None;
        ITypeSymbol? element = null;
        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            element = array.ElementType;
        }
        else if (type is INamedTypeSymbol { TypeArguments.Length: 1 } named
            && ((list is not null && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, list))
                || (named.Name is "Span" or "ReadOnlySpan" && named.ContainingNamespace.IsNamespace("System"))))
        {
            isList = named.Name == "List";
            element = named.TypeArguments[0];
        }

        elementType = element?.SpecialType ?? SpecialType.None;
        return elementType is SpecialType.System_Single or SpecialType.System_Double;
    }

    /// <summary>The statement right before the foreach declares the counter as 0 (or sets it to 0).</summary>
    private static bool StartsAtZero(IForEachLoopOperation loop, ILocalSymbol counter)
    {
        if (loop.Parent is not IBlockOperation parent)
        {
            return false;
        }

        var position = parent.Operations.IndexOf(loop);
        if (position <= 0)
        {
            return false;
        }

        return parent.Operations[position - 1] switch
        {
            IVariableDeclarationGroupOperation group => SingleDeclarator(group) is { Initializer.Value.ConstantValue: { HasValue: true, Value: 0 } } declarator
                && SymbolEqualityComparer.Default.Equals(declarator.Symbol, counter),
            IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation target, Value.ConstantValue: { HasValue: true, Value: 0 } } }
                => SymbolEqualityComparer.Default.Equals(target.Local, counter),
            _ => false,
        };
    }

    /// <summary>
    /// The loop variable and its start: null when the start is 0; a non-constant loop-invariant start (a row offset,
    /// <c>for (int i = off; i &lt; end; i++)</c>) is accepted; a constant other than 0 (<c>i = 1</c>, skipping a
    /// header element) is not.
    /// </summary>
    private static (ILocalSymbol Index, IOperation? Start)? FindIndex(IForLoopOperation loop)
    {
        if (loop.Before.Length != 1
            || loop.Before[0] is not IVariableDeclarationGroupOperation group
            || SingleDeclarator(group) is not { Initializer.Value: { } start } declarator
            || declarator.Symbol.Type.SpecialType is not (SpecialType.System_Int32 or SpecialType.System_Int64))
        {
            return null;
        }

        if (start.ConstantValue.HasValue)
        {
            return start.ConstantValue.Value is 0 or 0L ? (declarator.Symbol, null) : null;
        }

        return (declarator.Symbol, start);
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

    internal static IVariableDeclaratorOperation? SingleDeclarator(IVariableDeclarationGroupOperation group)
    {
        var declarators = group.Declarations.SelectMany(d => d.Declarators).ToList();
        return declarators.Count == 1 ? declarators[0] : null;
    }

    private static bool IsLocal(IOperation operation, ILocalSymbol local)
        => operation.WalkDownImplicitConversions() is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);
}
