namespace EfficiencyKit.Profiler.Budgets;

/// <summary>What one run serves: <paramref name="Count"/> units named <paramref name="Name"/> (requests, documents, tickets).</summary>
public sealed record FunctionalUnit(string Name, long Count);
