using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// A <c>for</c> loop whose every statement is a scalar numeric kernel over <see cref="ElementType"/> vectors.
/// <see cref="BoundIsOperandLength"/>: the loop runs to the <c>Length</c>/<c>Count</c> of one of its operands, so a
/// whole-vector TensorPrimitives call covers exactly the same elements.
/// </summary>
internal sealed class KernelLoop
{
    public KernelLoop(ImmutableArray<KernelStatement> statements, SpecialType elementType, bool boundIsOperandLength)
    {
        Statements = statements;
        ElementType = elementType;
        BoundIsOperandLength = boundIsOperandLength;
    }

    public ImmutableArray<KernelStatement> Statements { get; }

    public SpecialType ElementType { get; }

    public bool BoundIsOperandLength { get; }
}
