namespace EfficiencyKit.Profiler.Reports;

/// <summary>All remote AI calls together (see <see cref="RemoteCallSiteEnergy"/>): always modelled, a range.</summary>
/// <param name="Calls">Calls seen through EfficiencyKit-AI events.</param>
/// <param name="EstimatedCalls">Calls whose energy could be estimated.</param>
/// <param name="MinJoules">Low end, summed over the estimated calls.</param>
/// <param name="MaxJoules">High end, summed over the estimated calls.</param>
/// <param name="Method">The estimate's method and constants.</param>
public sealed record RemoteEnergyTotals(int Calls, int EstimatedCalls, double MinJoules, double MaxJoules, string Method);
