namespace EfficiencyKit.Profiler.Budgets;

/// <summary>The energy source a budget was taken with; figures from another source are never compared with it.</summary>
/// <param name="Kinds">The CPU/memory source kinds, comma-separated (e.g. "PowerModel" or "PowercapRapl").</param>
/// <param name="Origin">"measured", "modelled" or "mixed".</param>
/// <param name="Scope">What the source covered, as the report said.</param>
public sealed record BudgetEnergySource(string Kinds, string Origin, string Scope);
