using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EfficiencyKit.Profiler.Reports;

namespace EfficiencyKit.Profiler.Budgets;

/// <summary>
/// Compares a check's runs with a scenario's baseline. A figure regresses when all hold: its median grew by more
/// than the tolerance (or than what the figure's noise and sampling resolution let a check see, where larger:
/// <see cref="BudgetNoise"/>); the one-sided Mann-Whitney U test says the new runs tend to be larger (p below
/// <see cref="SignificanceLevel"/>); and, for a call site, the growth is material: at least the minimum share of the
/// scenario's total. The first rule ignores small drifts, the second one noisy run that moves a median, the third a
/// small site's relative jump when a busy machine slows everything down (seen in the 10-check trial: a 9% site +24%).
/// Runs taken with another energy source are never compared.
/// </summary>
public static class BudgetChecker
{
    /// <summary>The significance level of the rank test.</summary>
    public const double SignificanceLevel = 0.01;

    public static ScenarioCheck Check(BudgetScenario budget, IReadOnlyList<RunMeasurement> runs, double minimumShare)
    {
        if (runs.Count == 0)
        {
            throw new ProfilerException($"Scenario '{budget.Name}': no runs to check.");
        }

        var source = runs[0].Source;
        if (source.Kinds != budget.Source.Kinds || source.Origin != budget.Source.Origin)
        {
            var mismatch = $"the budget was taken with {budget.Source.Kinds} ({budget.Source.Origin}) and these runs with {source.Kinds} ({source.Origin}): "
                + "figures from different energy sources are never compared. Check on the machine type the baseline was taken on, pin --energy-source, or take a new baseline.";
            return new ScenarioCheck(budget.Name, false, mismatch, budget.Unit, budget.Tolerance, null, [], []);
        }

        double perUnit = budget.Unit?.Count ?? 1;
        var latest = runs[^1];
        var materialIncrease = minimumShare * budget.Total.Median;
        BudgetVerdict Verdict(string name, string? file, int? line, BudgetFigure baseline, double? cpuSamplesPerRun, IReadOnlyList<double> candidate)
        {
            var median = RankStatistics.Median(candidate);
            var ratio = baseline.Median > 0 ? median / baseline.Median : median > 0 ? double.PositiveInfinity : 1;
            var p = RankStatistics.MannWhitneyGreaterPValue(baseline.Samples, candidate);
            var threshold = BudgetNoise.Threshold(baseline, cpuSamplesPerRun, Math.Min(baseline.Samples.Count, candidate.Count), budget.Tolerance);
            var regressed = ratio > 1 + threshold && p < SignificanceLevel && median - baseline.Median >= materialIncrease;
            return new BudgetVerdict(name, file, line, baseline.Median, median, ratio, p, threshold, regressed, Describe(budget, baseline.Median, median, ratio, p, threshold));
        }

        var total = Verdict("total", null, null, budget.Total, null, runs.Select(r => r.TotalJoules / perUnit).ToList());
        var sites = budget.CallSites.Select(site =>
        {
            var (file, line) = latest.LocationOf(site.Method, site.File, site.Line);
            return Verdict(site.Method, file, line, site.Joules, site.CpuSamplesPerRun, runs.Select(r => r.SiteJoules(site.Method) / perUnit).ToList());
        }).ToList();

        var budgeted = budget.CallSites.Select(s => s.Method).ToHashSet(StringComparer.Ordinal);
        var newSites = runs.SelectMany(r => r.Sites.Keys).Distinct(StringComparer.Ordinal)
            .Where(method => !budgeted.Contains(method))
            .Select(method => (Method: method, Median: RankStatistics.Median(runs.Select(r => r.SiteJoules(method) / perUnit).ToList())))
            .Where(site => site.Median >= minimumShare * budget.Total.Median)
            .Select(site =>
            {
                var (file, line) = latest.LocationOf(site.Method);
                return new BudgetVerdict(site.Method, file, line, 0, site.Median, double.PositiveInfinity, 1, budget.Tolerance, false, $"{EnergyFormat.Joules(site.Median)} {Per(budget)}, no budget of its own yet");
            })
            .ToList();

        return new ScenarioCheck(budget.Name, !total.Regressed && sites.All(s => !s.Regressed), null, budget.Unit, budget.Tolerance, total, sites, newSites);
    }

    private static string Per(BudgetScenario budget) => budget.Unit is { } unit ? $"per {unit.Name}" : "per run";

    private static string Describe(BudgetScenario budget, double baseline, double candidate, double ratio, double p, double threshold) => string.Format(
        CultureInfo.InvariantCulture,
        "{0} {1}, budget {2} ({3:+0;-0}%, p {4}; tolerance {5:0}%{6})",
        EnergyFormat.Joules(candidate),
        Per(budget),
        EnergyFormat.Joules(baseline),
        (ratio - 1) * 100,
        FormatP(p),
        budget.Tolerance * 100,
        threshold > budget.Tolerance ? string.Format(CultureInfo.InvariantCulture, ", {0:0}% for this figure's noise and resolution", threshold * 100) : string.Empty);

    /// <summary>"= 0.004", or "&lt; 0.001" (7 runs a side reach 1/3432).</summary>
    private static string FormatP(double p) => p < 0.001 ? "< 0.001" : "= " + p.ToString("0.000", CultureInfo.InvariantCulture);
}
