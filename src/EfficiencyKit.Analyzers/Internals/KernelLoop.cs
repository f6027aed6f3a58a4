namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// A loop whose every statement is a scalar numeric kernel over <see cref="ElementType"/> vectors.
/// <see cref="BoundIsOperandLength"/>: the loop starts at 0 and runs to the <c>Length</c>/<c>Count</c> of one of its
/// operands (or is a <c>foreach</c> over one), so a whole-vector TensorPrimitives call covers exactly the same elements.
/// <see cref="WidensToDouble"/>: the loop converts <c>float</c> elements to <c>double</c> explicitly
/// (<c>(double)v[i] * v[i]</c>), so a TensorPrimitives rewrite accumulates in a narrower type than the loop did.
/// </summary>
internal sealed class KernelLoop
{
    public KernelLoop(ImmutableArray<KernelStatement> statements, SpecialType elementType, bool boundIsOperandLength, bool widensToDouble = false)
    {
        Statements = statements;
        ElementType = elementType;
        BoundIsOperandLength = boundIsOperandLength;
        WidensToDouble = widensToDouble;
    }

    public ImmutableArray<KernelStatement> Statements { get; }

    public SpecialType ElementType { get; }

    public bool BoundIsOperandLength { get; }

    public bool WidensToDouble { get; }
}
