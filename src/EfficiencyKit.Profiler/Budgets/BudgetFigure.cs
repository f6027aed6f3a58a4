using System.Collections.Generic;

namespace EfficiencyKit.Profiler.Budgets;

/// <summary>Joules (per run, or per functional unit when the scenario names one) over the runs of a baseline.</summary>
/// <param name="Median">The median of <paramref name="Samples"/>.</param>
/// <param name="Spread">The median absolute deviation of <paramref name="Samples"/>: the run-to-run noise seen.</param>
/// <param name="Samples">One figure per run, kept so later checks can run a rank test against them.</param>
public sealed record BudgetFigure(double Median, double Spread, IReadOnlyList<double> Samples)
{
    public static BudgetFigure Of(IReadOnlyList<double> samples)
        => new(RankStatistics.Median(samples), RankStatistics.MedianAbsoluteDeviation(samples), samples);
}
