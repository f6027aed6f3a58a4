namespace EfficiencyKit.Analyzers;

/// <summary>Diagnostic categories, one per id range in <see cref="RuleIdentifiers"/>.</summary>
internal static class RuleCategories
{
    public const string Lifetime = "Efficiency.Lifetime";
    public const string Batching = "Efficiency.Batching";
    public const string Precision = "Efficiency.Precision";
    public const string Generation = "Efficiency.Generation";
    public const string Caching = "Efficiency.Caching";
    public const string Numerics = "Efficiency.Numerics";
    public const string Budget = "Efficiency.Budget";
}
