namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// The arithmetic of one kernel expression: an element of a vector at the loop's position, a loop-invariant scalar,
/// a binary operation, or a <c>Math</c>/<c>MathF</c> function TensorPrimitives also has. Casts between numeric types
/// are looked through (<c>(double)a[i] * b[i]</c> is a product of two elements).
/// </summary>
internal sealed class KernelTerm
{
    private KernelTerm(VectorOperand? operand, string? scalarText, BinaryOperatorKind op, string? function, ImmutableArray<KernelTerm> arguments)
    {
        Operand = operand;
        ScalarText = scalarText;
        Operator = op;
        Function = function;
        Arguments = arguments;
        HasElement = operand is not null || arguments.Any(a => a.HasElement);
    }

    public VectorOperand? Operand { get; }

    public string? ScalarText { get; }

    public BinaryOperatorKind Operator { get; }

    public string? Function { get; }

    public ImmutableArray<KernelTerm> Arguments { get; }

    public bool HasElement { get; }

    public bool IsElement => Operand is not null;

    public bool IsScalar => ScalarText is not null;

    public bool IsBinary => Operator != BinaryOperatorKind.None && Arguments.Length == 2;

    public KernelTerm Left => Arguments[0];

    public KernelTerm Right => Arguments[1];

    public static KernelTerm Element(VectorOperand operand) => new(operand, null, BinaryOperatorKind.None, null, ImmutableArray<KernelTerm>.Empty);

    public static KernelTerm Scalar(string text) => new(null, text, BinaryOperatorKind.None, null, ImmutableArray<KernelTerm>.Empty);

    public static KernelTerm Binary(BinaryOperatorKind op, KernelTerm left, KernelTerm right) => new(null, null, op, null, ImmutableArray.Create(left, right));

    public static KernelTerm Call(string function, ImmutableArray<KernelTerm> arguments) => new(null, null, BinaryOperatorKind.None, function, arguments);

    /// <summary>A canonical form, to compare two terms structurally (<c>(a[i] - b[i]) * (a[i] - b[i])</c>).</summary>
    public string Canonical => Operand is { } operand
        ? "v:" + operand.Symbol.Name + "|" + operand.Key
        : ScalarText ?? $"{Function ?? Operator.ToString()}({string.Join(",", Arguments.Select(a => a.Canonical))})";

    /// <summary>Every vector element the term reads.</summary>
    public IEnumerable<VectorOperand> Elements()
    {
        if (Operand is not null)
        {
            yield return Operand;
        }

        foreach (var element in Arguments.SelectMany(a => a.Elements()))
        {
            yield return element;
        }
    }

    /// <summary>The TensorPrimitives operations the term needs, by name.</summary>
    public IEnumerable<string> Operations()
    {
        if (Function is not null)
        {
            yield return Function;
        }
        else if (IsBinary)
        {
            yield return Operator switch
            {
                BinaryOperatorKind.Add => "Add",
                BinaryOperatorKind.Subtract => "Subtract",
                BinaryOperatorKind.Multiply => "Multiply",
                _ => "Divide",
            };
        }

        foreach (var operation in Arguments.SelectMany(a => a.Operations()))
        {
            yield return operation;
        }
    }
}
