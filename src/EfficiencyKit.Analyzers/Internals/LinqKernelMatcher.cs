namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Vector math written with LINQ over float/double arrays and lists: <c>a.Zip(b, (x, y) =&gt; x * y).Sum()</c>,
/// <c>a.Select((x, i) =&gt; x * b[i]).Sum()</c>, <c>v.Sum(x =&gt; x * x)</c>, <c>v.Select(x =&gt; x * x).Sum()</c>,
/// <c>v.Aggregate(0f, (s, x) =&gt; s + x * x)</c> (reductions, reported on the <c>Sum</c>/<c>Average</c>/<c>Aggregate</c>
/// call), and element-wise maps <c>v.Select(x =&gt; (x - min) / range)</c>, <c>a.Zip(b, (x, y) =&gt; x + y)</c> (reported
/// on the <c>Select</c>/<c>Zip</c>). A plain <c>Sum()</c>, a lambda that calls anything but a <c>Math</c> function
/// TensorPrimitives has, or a source that is not a float/double vector held in a local, parameter or field is left alone.
/// </summary>
internal static class LinqKernelMatcher
{
    public static (KernelLoop Kernel, bool Average)? Match(IInvocationOperation invocation, INamedTypeSymbol? list)
    {
        var method = invocation.TargetMethod;
        if (method.Name is not ("Sum" or "Average" or "Aggregate" or "Select" or "Zip")
            || method.ContainingType is not { Name: "Enumerable", ContainingNamespace.Name: "Linq" }
            || invocation.Arguments.Length == 0)
        {
            return null;
        }

        var source = invocation.Arguments[0].Value.WalkDownImplicitConversions();
        switch (method.Name)
        {
            case "Sum" or "Average" when invocation.Arguments.Length == 2:
                return Reduction(source, Lambda(invocation.Arguments[1].Value), null, list, method.Name == "Average");

            case "Sum" or "Average" when source is IInvocationOperation { TargetMethod: { Name: "Select" or "Zip", ContainingType.Name: "Enumerable" } inner } projection
                && projection.Arguments.Length >= 2:
                var innerSource = projection.Arguments[0].Value.WalkDownImplicitConversions();
                return inner.Name == "Select"
                    ? Reduction(innerSource, Lambda(projection.Arguments[1].Value), null, list, method.Name == "Average")
                    : projection.Arguments.Length == 3
                        ? Reduction(innerSource, Lambda(projection.Arguments[2].Value), projection.Arguments[1].Value.WalkDownImplicitConversions(), list, method.Name == "Average")
                        : null;

            case "Aggregate" when invocation.Arguments.Length == 3
                && Lambda(invocation.Arguments[2].Value) is { Parameters.Length: 2 } aggregate
                && aggregate.Body is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum
                && sum.LeftOperand.WalkDownImplicitConversions() is IParameterReferenceOperation accumulator
                && SymbolEqualityComparer.Default.Equals(accumulator.Parameter, aggregate.Parameters[0]):
                var reader = new KernelReader(null, list);
                if (Operand(reader, source, list) is not { } vector)
                {
                    return null;
                }

                reader.ElementVariables[aggregate.Parameters[1]] = vector;
                return reader.Term(sum.RightOperand) is { } added && KernelReader.Accumulation(added, (null, "sum")) is { Kind: not KernelKind.Sum } statement
                    ? (new KernelLoop(ImmutableArray.Create(statement), reader.ElementType, boundIsOperandLength: false), false)
                    : null;

            case "Select" or "Zip" when !FeedsReduction(invocation):
                var map = method.Name == "Select" ? Lambda(invocation.Arguments[1].Value)
                    : invocation.Arguments.Length == 3 ? Lambda(invocation.Arguments[2].Value) : null;
                var mapReader = new KernelReader(map is { Parameters.Length: 2 } && method.Name == "Select" ? map.Value.Parameters[1] : null, list);
                if (map is null || !Bind(mapReader, map.Value, source, method.Name == "Zip" ? invocation.Arguments[1].Value.WalkDownImplicitConversions() : null, list)
                    || mapReader.Term(map.Value.Body) is not { HasElement: true, IsElement: false } written
                    || !(map.Value.Body.Type?.SpecialType is SpecialType.System_Single or SpecialType.System_Double))
                {
                    return null;
                }

                return (new KernelLoop(ImmutableArray.Create(mapReader.ElementWise(written, null)), mapReader.ElementType, boundIsOperandLength: false), false);

            default:
                return null;
        }
    }

    private static (KernelLoop, bool)? Reduction(IOperation source, (ImmutableArray<IParameterSymbol> Parameters, IOperation Body)? lambda, IOperation? second, INamedTypeSymbol? list, bool average)
    {
        if (lambda is not { } function)
        {
            return null;
        }

        var reader = new KernelReader(second is null && function.Parameters.Length == 2 ? function.Parameters[1] : null, list);
        if (!Bind(reader, function, source, second, list)
            || reader.Term(function.Body) is not { } term
            || KernelReader.Accumulation(term, (null, "sum")) is not { Kind: not KernelKind.Sum } statement)
        {
            return null;
        }

        // The rewrite covers whole vectors: Zip stops at the shorter one, TensorPrimitives throws (see the rule page).
        return (new KernelLoop(ImmutableArray.Create(statement), reader.ElementType, boundIsOperandLength: !average), average);
    }

    private static bool Bind(KernelReader reader, (ImmutableArray<IParameterSymbol> Parameters, IOperation Body) lambda, IOperation source, IOperation? second, INamedTypeSymbol? list)
    {
        if (Operand(reader, source, list) is not { } first)
        {
            return false;
        }

        reader.ElementVariables[lambda.Parameters[0]] = first;
        if (second is null)
        {
            return true;
        }

        if (lambda.Parameters.Length != 2 || Operand(reader, second, list) is not { } other)
        {
            return false;
        }

        reader.ElementVariables[lambda.Parameters[1]] = other;
        return true;
    }

    private static VectorOperand? Operand(KernelReader reader, IOperation source, INamedTypeSymbol? list)
    {
        if (source.Type is not { } type
            || !KernelLoopMatcher.IsVectorType(type, list, out var isList, out var elementType)
            || (reader.ElementType != SpecialType.None && reader.ElementType != elementType)
            || reader.Collection(source) is not { } collection)
        {
            return null;
        }

        reader.ElementType = elementType;
        return new VectorOperand(collection.Root, collection.Text, VectorOperand.WholeKey(collection.Key), isList, isWhole: true);
    }

    /// <summary>An expression lambda's parameters and the expression it returns.</summary>
    private static (ImmutableArray<IParameterSymbol> Parameters, IOperation Body)? Lambda(IOperation argument)
        => argument.WalkDownImplicitConversions() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation function }
            && function.Body.Operations.Length == 1
            && function.Body.Operations[0] is IReturnOperation { ReturnedValue: { } returned }
                ? (function.Symbol.Parameters, returned)
                : null;

    /// <summary>A Select/Zip that a Sum/Average consumes is reported there, once.</summary>
    private static bool FeedsReduction(IInvocationOperation invocation)
    {
        IOperation current = invocation;
        while (current.Parent is IConversionOperation { IsImplicit: true } conversion)
        {
            current = conversion;
        }

        return current.Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Sum" or "Average" } outer }
            && outer.Arguments.Length > 0 && ReferenceEquals(outer.Arguments[0].Value, current);
    }
}
