namespace EfficiencyKit.Analyzers.Internals;

/// <summary>What one statement of a hand-written numeric loop computes, named after its TensorPrimitives method.</summary>
internal enum KernelKind
{
    Dot,
    SumOfSquares,
    Sum,
    SquaredDistance,
    Add,
    Subtract,
    Multiply,
    Divide,
}
