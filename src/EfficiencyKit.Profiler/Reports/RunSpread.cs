namespace EfficiencyKit.Profiler.Reports;

/// <summary>
/// One side of a comparison taken over several profiled runs of the same workload: the total per unit (local plus
/// remote) of the median run, which the comparison's figures come from, and the lowest and highest of all runs.
/// </summary>
/// <param name="Runs">How many runs.</param>
/// <param name="Median">The median run's total joules per unit.</param>
/// <param name="Min">The lowest run's.</param>
/// <param name="Max">The highest run's.</param>
/// <param name="MedianRun">Which run (0-based, in the order given) is the median.</param>
public sealed record RunSpread(int Runs, double Median, double Min, double Max, int MedianRun);
