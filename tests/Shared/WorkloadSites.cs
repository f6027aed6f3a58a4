using System.Text.Json;
using EfficiencyKit.Profiler.Reports;

namespace EfficiencyKit.Tests.Shared;

/// <summary>
/// The profiler validation workload's own measurements and the profiler's report of the same run, compared the one
/// way the validation tests and the accuracy benchmark both judge the profiler by: each call site's share of the
/// energy billed to the sites compared, against its share of their CPU as the workload measured it.
/// </summary>
internal static class WorkloadSites
{
    /// <summary>
    /// The workload's helpers whose energy belongs to the site that called them: the busy loop the sites share and
    /// the clock reads and bookkeeping that measure them.
    /// </summary>
    public static IReadOnlyList<string> RollUp { get; } = ["Sites.DutyCycle", "Sites.Measure", "Sites.Record", "EfficiencyKit.Profiler.Workload.ThreadCpuClock"];

    /// <summary>What the workload measured, from the last line it prints: a JSON object of nanoseconds (or units) by name, such as <c>Sites.Burn60</c>.</summary>
    public static Dictionary<string, long> ReadTruth(string targetOutput)
        => JsonSerializer.Deserialize<Dictionary<string, long>>(targetOutput.Trim().Split('\n').Last())!;

    /// <summary>
    /// Each site's share of the measured CPU and of the energy billed to these sites, in percent, with the joules
    /// billed to them all (0 where none were: the energy shares are then not numbers). A site is the call sites whose
    /// method contains its name.
    /// </summary>
    public static (IReadOnlyList<SiteShare> Shares, double Joules) Compare(EnergyReport report, Dictionary<string, long> truth, IReadOnlyList<string> sites)
    {
        var truthTotal = sites.Sum(site => truth.GetValueOrDefault("Sites." + site));
        var joules = sites.ToDictionary(site => site, site => report.CallSites.Where(s => s.Method.Contains(site, StringComparison.Ordinal)).Sum(s => s.Joules));
        var joulesTotal = joules.Values.Sum();
        var shares = sites.Select(site => new SiteShare(site, 100.0 * truth.GetValueOrDefault("Sites." + site) / truthTotal, 100.0 * joules[site] / joulesTotal)).ToList();
        return (shares, joulesTotal);
    }
}
