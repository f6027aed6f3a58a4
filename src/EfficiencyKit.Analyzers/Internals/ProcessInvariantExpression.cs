namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Decides whether an expression can be evaluated once for the whole process without changing what the
/// program means: constants, static members, and static calls or object creations built only from those.
/// This is the condition for moving a constructor call into a <c>static readonly</c> field.
/// </summary>
internal static class ProcessInvariantExpression
{
    public static bool IsProcessInvariant(IOperation? operation)
    {
        if (operation is null)
        {
            return true;
        }

        if (operation.ConstantValue.HasValue)
        {
            return true;
        }

        return operation switch
        {
            IConversionOperation conversion => IsProcessInvariant(conversion.Operand),
            IDefaultValueOperation or ITypeOfOperation or INameOfOperation => true,
            IFieldReferenceOperation field => field.Field.IsStatic,
            IPropertyReferenceOperation property => property.Property.IsStatic && AreProcessInvariant(property.Arguments),
            IInvocationOperation invocation => invocation.TargetMethod.IsStatic && AreProcessInvariant(invocation.Arguments),
            IObjectCreationOperation creation => AreProcessInvariant(creation.Arguments) && IsProcessInvariantInitializer(creation.Initializer),
            IArgumentOperation argument => IsProcessInvariant(argument.Value),
            IInterpolatedStringOperation interpolated => interpolated.Parts.All(IsProcessInvariantPart),
            IBinaryOperation binary => IsProcessInvariant(binary.LeftOperand) && IsProcessInvariant(binary.RightOperand),
            ICoalesceOperation coalesce => IsProcessInvariant(coalesce.Value) && IsProcessInvariant(coalesce.WhenNull),
            IArrayCreationOperation array => array.DimensionSizes.All(IsProcessInvariant) && IsProcessInvariant(array.Initializer),
            IArrayInitializerOperation initializer => initializer.ElementValues.All(IsProcessInvariant),
            _ => false,
        };
    }

    public static bool AreProcessInvariant(ImmutableArray<IArgumentOperation> arguments)
        => arguments.All(argument => IsProcessInvariant(argument.Value));

    private static bool IsProcessInvariantPart(IInterpolatedStringContentOperation part) => part switch
    {
        IInterpolatedStringTextOperation => true,
        IInterpolationOperation interpolation => IsProcessInvariant(interpolation.Expression),
        _ => false,
    };

    /// <summary>An initialiser like <c>{ Endpoint = new Uri(Url) }</c>: member assignments of invariant values only.</summary>
    private static bool IsProcessInvariantInitializer(IObjectOrCollectionInitializerOperation? initializer)
        => initializer is null || initializer.Initializers.All(
            member => member is ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Instance: IInstanceReferenceOperation }, Value: var value }
                && IsProcessInvariant(value));
}
