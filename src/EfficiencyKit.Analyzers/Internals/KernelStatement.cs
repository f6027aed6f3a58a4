using System.Collections.Generic;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// One statement of a kernel loop: an accumulation into <see cref="Accumulator"/> (dot, sum of squares, sum,
/// squared distance) or an element-wise operation writing <see cref="Destination"/>. <see cref="ScalarText"/>
/// replaces <see cref="Right"/> when the second operand is a loop-invariant scalar.
/// </summary>
internal sealed class KernelStatement
{
    public KernelStatement(KernelKind kind, VectorOperand left, VectorOperand? right, string? scalarText, string? accumulator, VectorOperand? destination)
    {
        Kind = kind;
        Left = left;
        Right = right;
        ScalarText = scalarText;
        Accumulator = accumulator;
        Destination = destination;
    }

    public KernelKind Kind { get; }

    public VectorOperand Left { get; }

    public VectorOperand? Right { get; }

    public string? ScalarText { get; }

    public string? Accumulator { get; }

    public VectorOperand? Destination { get; }

    /// <summary>Every vector the statement reads or writes.</summary>
    public IEnumerable<VectorOperand> Operands
    {
        get
        {
            yield return Left;
            if (Right is not null)
            {
                yield return Right;
            }

            if (Destination is not null)
            {
                yield return Destination;
            }
        }
    }
}
