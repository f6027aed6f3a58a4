namespace EfficiencyKit.Analyzers;

/// <summary>
/// Keys of <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/> through which an analyzer hands its fixer what it
/// computed. Compiled into both EfficiencyKit.Analyzers and EfficiencyKit.CodeFixes (linked source), so the two agree
/// without the analyzer assembly granting its internals to the fixers.
/// </summary>
internal static class DiagnosticPropertyNames
{
    /// <summary>EK1501: the statements that replace the loop (absent when no fix is safe).</summary>
    public const string Replacement = "Replacement";

    /// <summary>EK1501: what the replacement replaces: "loop" (statements for the loop) or "expression" (one expression for a LINQ query).</summary>
    public const string ReplacementShape = "ReplacementShape";

    /// <summary>EK1501: present when the loop widened float elements to double and the rewrite accumulates in float.</summary>
    public const string NarrowsAccumulation = "NarrowsAccumulation";
}
