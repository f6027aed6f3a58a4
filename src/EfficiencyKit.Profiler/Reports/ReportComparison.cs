using System;
using System.Collections.Generic;
using System.Linq;

namespace EfficiencyKit.Profiler.Reports;

/// <summary>
/// Two energy reports of the same workload (before and after a fix) per functional unit: the process's local energy
/// and the remote model calls' estimate, each with its origin, and the methods that changed most. Local and remote
/// energy are kept apart because their origins differ (a local meter or power model against a token-based estimate).
/// </summary>
public sealed record ReportComparison(
    FunctionalUnit Unit,
    IReadOnlyList<ComparisonRow> Rows,
    double BeforeLocalJoulesPerUnit,
    double AfterLocalJoulesPerUnit,
    double BeforeRemoteJoulesPerUnit,
    double AfterRemoteJoulesPerUnit,
    double BeforeSecondsPerUnit,
    double AfterSecondsPerUnit,
    string BeforeOrigin,
    string AfterOrigin)
{
    /// <summary>Remote model calls per calling method (estimated from tokens), with the models each side called.</summary>
    public IReadOnlyList<ComparisonRow> RemoteRows { get; init; } = [];

    /// <summary>The runs behind the "before" side: one, or the median of several with their range.</summary>
    public RunSpread? BeforeRuns { get; init; }

    /// <summary>The runs behind the "after" side.</summary>
    public RunSpread? AfterRuns { get; init; }

    /// <summary>Before ÷ after of local plus remote energy per unit: how many times less energy one unit costs.</summary>
    public double Ratio => Divide(BeforeLocalJoulesPerUnit + BeforeRemoteJoulesPerUnit, AfterLocalJoulesPerUnit + AfterRemoteJoulesPerUnit);

    /// <summary>Before ÷ after of the local energy alone.</summary>
    public double LocalRatio => Divide(BeforeLocalJoulesPerUnit, AfterLocalJoulesPerUnit);

    /// <summary>
    /// Compares <paramref name="before"/> with <paramref name="after"/>, both serving <paramref name="unit"/>; keeps the
    /// <paramref name="top"/> methods with the most energy on either side.
    /// </summary>
    public static ReportComparison Create(EnergyReport before, EnergyReport after, FunctionalUnit unit, int top) => Create([before], [after], unit, top);

    /// <summary>
    /// Compares several profiled runs of each side: every figure comes from each side's median run (by total joules per
    /// unit, local plus remote; the lower middle of an even count), so per-method rows stay those of one real run, and
    /// <see cref="BeforeRuns"/>/<see cref="AfterRuns"/> give the range of all runs. One run's noise (the page cache, a
    /// neighbour on the machine) then neither makes nor breaks the headline.
    /// </summary>
    public static ReportComparison Create(IReadOnlyList<EnergyReport> before, IReadOnlyList<EnergyReport> after, FunctionalUnit unit, int top)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(unit);
        var beforeRuns = Spread(before, unit.Count);
        var afterRuns = Spread(after, unit.Count);
        return CreateFromRuns(before[beforeRuns.MedianRun], after[afterRuns.MedianRun], unit, top) with { BeforeRuns = beforeRuns, AfterRuns = afterRuns };
    }

    private static RunSpread Spread(IReadOnlyList<EnergyReport> runs, double count)
    {
        if (runs.Count == 0)
        {
            throw new ArgumentException("A side of a comparison needs at least one report.", nameof(runs));
        }

        var totals = runs.Select((report, index) => (Total: (report.Totals.ProcessJoules + RemoteJoules(report)) / count, Index: index)).OrderBy(run => run.Total).ToList();
        var median = totals[(totals.Count - 1) / 2];
        return new RunSpread(runs.Count, median.Total, totals[0].Total, totals[^1].Total, median.Index);
    }

    private static ReportComparison CreateFromRuns(EnergyReport before, EnergyReport after, FunctionalUnit unit, int top)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(unit);
        double count = unit.Count;
        var rows = Pair(ByMethod(before), ByMethod(after), count).Take(top).ToList();
        var remoteRows = Pair(RemoteByMethod(before), RemoteByMethod(after), count).ToList();
        return new ReportComparison(
            unit,
            rows,
            before.Totals.ProcessJoules / count,
            after.Totals.ProcessJoules / count,
            RemoteJoules(before) / count,
            RemoteJoules(after) / count,
            before.DurationSeconds / count,
            after.DurationSeconds / count,
            before.EnergyOrigin,
            after.EnergyOrigin)
        {
            RemoteRows = remoteRows,
        };
    }

    /// <summary>Rows for every method on either side, per unit, the most energy (on either side) first.</summary>
    private static IEnumerable<ComparisonRow> Pair(Dictionary<string, (double Joules, string? Site)> before, Dictionary<string, (double Joules, string? Site)> after, double count)
        => before.Keys.Union(after.Keys, StringComparer.Ordinal)
            .Select(method =>
            {
                before.TryGetValue(method, out var b);
                after.TryGetValue(method, out var a);
                return new ComparisonRow(method, b.Site, a.Site, b.Joules / count, a.Joules / count);
            })
            .OrderByDescending(row => Math.Max(row.BeforeJoulesPerUnit, row.AfterJoulesPerUnit))
            .ThenBy(row => row.Method, StringComparer.Ordinal);

    /// <summary>The remote estimate's midpoint (min and max bound the model's uncertainty); 0 without remote calls.</summary>
    public static double RemoteJoules(EnergyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Remote is { } remote ? (remote.MinJoules + remote.MaxJoules) / 2 : 0;
    }

    private static Dictionary<string, (double Joules, string? Site)> ByMethod(EnergyReport report)
    {
        var methods = new Dictionary<string, (double Joules, string? Site, double SiteJoules)>(StringComparer.Ordinal);
        foreach (var site in report.CallSites.Where(s => s.IsUserCode))
        {
            var method = EnergyFormat.ShortMethod(site.Method);
            methods.TryGetValue(method, out var current);
            var largest = site.Joules > current.SiteJoules;
            methods[method] = (current.Joules + site.Joules, largest ? EnergyFormat.Location(site.File, site.Line) : current.Site, largest ? site.Joules : current.SiteJoules);
        }

        return methods.ToDictionary(pair => pair.Key, pair => (pair.Value.Joules, pair.Value.Site), StringComparer.Ordinal);
    }

    /// <summary>Remote calls by calling method; the site names the models called there (midpoint joules of the estimate).</summary>
    private static Dictionary<string, (double Joules, string? Site)> RemoteByMethod(EnergyReport report)
        => report.RemoteCalls
            .GroupBy(call => call.Method is null ? "(caller unknown)" : EnergyFormat.ShortMethod(call.Method), StringComparer.Ordinal)
            .ToDictionary(
                group => group.Key,
                group => (
                    group.Sum(call => ((call.MinJoules ?? 0) + (call.MaxJoules ?? 0)) / 2),
                    (string?)$"{EnergyFormat.Location(group.First().File, group.First().Line)} {string.Join("+", group.Select(call => call.Model).Distinct(StringComparer.Ordinal))}"),
                StringComparer.Ordinal);

    private static double Divide(double before, double after) => after > 0 ? before / after : double.PositiveInfinity;
}
