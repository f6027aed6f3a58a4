namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// One statement of a kernel loop: an accumulation into <see cref="Accumulator"/> (dot, sum of squares, sum,
/// squared distance, any other sum) or an element-wise operation writing <see cref="Destination"/>.
/// <see cref="ScalarText"/> replaces <see cref="Right"/> when the second operand is a loop-invariant scalar.
/// <see cref="Functions"/> names the TensorPrimitives operations an <see cref="KernelKind.ElementWise"/> or
/// <see cref="KernelKind.Reduction"/> statement would use.
/// </summary>
internal sealed class KernelStatement
{
    public KernelStatement(KernelKind kind, VectorOperand left, VectorOperand? right, string? scalarText, string? accumulator, VectorOperand? destination)
        : this(kind, left, right, scalarText, accumulator, destination, ImmutableArray.Create(left), ImmutableArray<string>.Empty)
    {
    }

    public KernelStatement(
        KernelKind kind,
        VectorOperand left,
        VectorOperand? right,
        string? scalarText,
        string? accumulator,
        VectorOperand? destination,
        ImmutableArray<VectorOperand> reads,
        ImmutableArray<string> functions)
    {
        Kind = kind;
        Left = left;
        Right = right;
        ScalarText = scalarText;
        Accumulator = accumulator;
        Destination = destination;
        Reads = reads;
        Functions = functions;
    }

    public KernelKind Kind { get; }

    public VectorOperand Left { get; }

    public VectorOperand? Right { get; }

    public string? ScalarText { get; }

    public string? Accumulator { get; }

    public VectorOperand? Destination { get; }

    /// <summary>Every vector the statement's right-hand side reads (for the generic kinds: all of them).</summary>
    public ImmutableArray<VectorOperand> Reads { get; }

    public ImmutableArray<string> Functions { get; }

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

            foreach (var read in Reads)
            {
                yield return read;
            }

            if (Destination is not null)
            {
                yield return Destination;
            }
        }
    }
}
