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

    /// <summary>Any other element-wise arithmetic written to a vector (<c>d[i] += t[i] * w</c>, a clamp): reported, no fix.</summary>
    ElementWise,

    /// <summary>A sum of any other element-wise arithmetic (<c>s += a[i] * b[i] * c[i]</c>): reported, no fix.</summary>
    Reduction,
}
