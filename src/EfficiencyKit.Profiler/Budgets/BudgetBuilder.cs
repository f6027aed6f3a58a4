using System;
using System.Collections.Generic;
using System.Linq;
using EfficiencyKit.Profiler.Reports;

namespace EfficiencyKit.Profiler.Budgets;

/// <summary>Turns baseline runs into a scenario budget.</summary>
public static class BudgetBuilder
{
    /// <param name="name">The scenario's name.</param>
    /// <param name="command">The program and its arguments.</param>
    /// <param name="runs">The baseline runs (at least two).</param>
    /// <param name="unit">The functional unit per run, or null.</param>
    /// <param name="tolerance">The fractional increase of a median that still passes.</param>
    /// <param name="minimumShare">Call sites below this share of the median total get no budget of their own (their few samples are mostly noise).</param>
    public static BudgetScenario Build(string name, IReadOnlyList<string> command, IReadOnlyList<RunMeasurement> runs, FunctionalUnit? unit, double tolerance, double minimumShare)
    {
        if (runs.Count < 5)
        {
            throw new ProfilerException(ProfilerErrorKind.Usage, "A baseline needs at least five runs: the check compares distributions, and with fewer runs its rank test can never reach p < 0.01.");
        }

        var sources = runs.Select(r => (r.Source.Kinds, r.Source.Origin)).Distinct().ToList();
        if (sources.Count > 1)
        {
            throw new ProfilerException($"The baseline runs were measured with different energy sources ({string.Join(" vs ", sources.Select(s => $"{s.Kinds} ({s.Origin})"))}); pin one with --energy-source.");
        }

        double perUnit = unit?.Count ?? 1;
        var total = BudgetFigure.Of(runs.Select(r => r.TotalJoules / perUnit).ToList());
        var sites = runs.SelectMany(r => r.Sites.Keys).Distinct(StringComparer.Ordinal)
            .Select(method => (Method: method, Figure: BudgetFigure.Of(runs.Select(r => r.SiteJoules(method) / perUnit).ToList())))
            .Where(site => site.Figure.Median >= minimumShare * total.Median)
            .OrderByDescending(site => site.Figure.Median)
            .Select(site =>
            {
                var (file, line) = runs[^1].LocationOf(site.Method);
                var perRun = runs.Select(r => r.CpuSamples(site.Method)).ToList();
                var samples = perRun.All(s => s is not null) ? RankStatistics.Median(perRun.Select(s => s!.Value).ToList()) : (double?)null;
                return new BudgetCallSite(site.Method, file, line, site.Figure, samples);
            })
            .ToList();
        return new BudgetScenario(name, command, runs.Count, unit, tolerance, runs[0].Source, total, sites);
    }
}
