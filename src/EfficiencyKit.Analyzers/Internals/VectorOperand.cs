namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// A float/double vector a kernel reads or writes one element per iteration: an array, span, <c>List&lt;T&gt;</c>,
/// a span reached through properties (<c>tensor.Buffer.Span</c>), a row of a multi-dimensional array or tensor
/// (<c>t[b, s, k]</c> with <c>k</c> the loop index), or a row at an offset (<c>rows[off + k]</c>).
/// <see cref="Symbol"/> is the storage at its root (a local, parameter or field, so reading it has no side effects);
/// <see cref="Key"/> tells two operands of one storage apart (the path, the fixed leading indices, the offset).
/// <see cref="IsWhole"/>: the operand is the whole one-dimensional vector, so <see cref="SpanText"/> can be passed to
/// TensorPrimitives as it is.
/// </summary>
internal sealed class VectorOperand
{
    public VectorOperand(ISymbol symbol, string text, string key, bool isList, bool isWhole)
    {
        Symbol = symbol;
        Key = key;
        SpanText = isList ? $"CollectionsMarshal.AsSpan({text})" : text;
        IsList = isList;
        IsWhole = isWhole;
        Text = text;
    }

    public ISymbol Symbol { get; }

    /// <summary>The key of the whole vector <paramref name="collection"/> at the current position (no row, no offset).</summary>
    public static string WholeKey(string collection) => collection + "[]+";

    public string Key { get; }

    /// <summary>The collection expression as written (<c>v</c>, <c>tensor.Buffer.Span</c>).</summary>
    public string Text { get; }

    public string SpanText { get; }

    public bool IsList { get; }

    public bool IsWhole { get; }

    public bool Is(VectorOperand other) => SymbolEqualityComparer.Default.Equals(Symbol, other.Symbol) && Key == other.Key;

    /// <summary>Whether the two operands may share memory (same root storage, whatever rows or offsets).</summary>
    public bool SharesStorage(VectorOperand other) => SymbolEqualityComparer.Default.Equals(Symbol, other.Symbol);
}
