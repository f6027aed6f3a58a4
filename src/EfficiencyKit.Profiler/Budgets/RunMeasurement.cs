using System;
using System.Collections.Generic;
using System.Linq;
using EfficiencyKit.Energy;
using EfficiencyKit.Profiler.Reports;

namespace EfficiencyKit.Profiler.Budgets;

/// <summary>What one profiled run of a scenario cost: the process's joules and each user call site's, by method.</summary>
/// <param name="TotalJoules">The process's joules.</param>
/// <param name="Sites">User call sites by method: their joules, and the file:line of the site's largest entry.</param>
/// <param name="Source">The energy source the run was measured with.</param>
public sealed record RunMeasurement(double TotalJoules, IReadOnlyDictionary<string, (string? File, int? Line, double Joules)> Sites, BudgetEnergySource Source)
{
    public static RunMeasurement From(EnergyReport report)
    {
        var userSites = report.CallSites.Where(site => site.IsUserCode).GroupBy(site => site.Method, StringComparer.Ordinal).ToList();
        var sites = userSites
            .ToDictionary(
                group => group.Key,
                group =>
                {
                    var largest = group.OrderByDescending(site => site.Joules).First();
                    return (largest.File, largest.Line, group.Sum(site => site.Joules));
                },
                StringComparer.Ordinal);
        var cpuSources = report.Sources.Where(source => source.Kind != EnergySourceKind.Nvml).ToList();
        var source = new BudgetEnergySource(
            string.Join(",", cpuSources.Select(s => s.Kind.ToString()).Distinct().OrderBy(k => k, StringComparer.Ordinal)),
            report.EnergyOrigin,
            string.Join("; ", cpuSources.Select(s => s.Scope)));
        return new RunMeasurement(report.Totals.ProcessJoules, sites, source)
        {
            TotalCpuSeconds = report.Totals.ProcessCpuSeconds,
            SiteCpuSeconds = userSites.ToDictionary(group => group.Key, group => group.Sum(site => site.CpuSeconds), StringComparer.Ordinal),
        };
    }

    /// <summary>The process's CPU seconds: with <see cref="SiteCpuSeconds"/>, what tells a baseline how much its noise can shrink.</summary>
    public double TotalCpuSeconds { get; init; }

    /// <summary>The CPU seconds billed to each user call site, by method.</summary>
    public IReadOnlyDictionary<string, double> SiteCpuSeconds { get; init; } = new Dictionary<string, double>();

    /// <summary>The stack sampling interval the run was profiled with, or 0 when unknown.</summary>
    public double SamplingIntervalSeconds { get; init; }

    /// <summary>
    /// A site's CPU in sampling intervals: how many samples carry its CPU (samples of a blocked thread carry none),
    /// or null when the interval is unknown.
    /// </summary>
    public double? CpuSamples(string method) => SamplingIntervalSeconds > 0 ? SiteCpuSeconds.GetValueOrDefault(method) / SamplingIntervalSeconds : null;

    public double SiteJoules(string method) => Sites.TryGetValue(method, out var site) ? site.Joules : 0;

    /// <summary>Where this run saw <paramref name="method"/>'s site, else the given fallback.</summary>
    public (string? File, int? Line) LocationOf(string method, string? fallbackFile = null, int? fallbackLine = null)
        => Sites.TryGetValue(method, out var site) ? (site.File, site.Line) : (fallbackFile, fallbackLine);
}
