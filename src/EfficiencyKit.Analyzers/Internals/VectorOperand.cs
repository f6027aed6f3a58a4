using Microsoft.CodeAnalysis;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// An array, span or <c>List&lt;T&gt;</c> indexed by a kernel loop's variable. <see cref="Symbol"/> identifies it
/// (a local, parameter or field, so reading it has no side effects); <see cref="SpanText"/> is how a fix passes it
/// to TensorPrimitives.
/// </summary>
internal sealed class VectorOperand
{
    public VectorOperand(ISymbol symbol, string text, bool isList)
    {
        Symbol = symbol;
        SpanText = isList ? $"CollectionsMarshal.AsSpan({text})" : text;
        IsList = isList;
    }

    public ISymbol Symbol { get; }

    public string SpanText { get; }

    public bool IsList { get; }

    public bool Is(VectorOperand other) => SymbolEqualityComparer.Default.Equals(Symbol, other.Symbol);
}
