using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EfficiencyKit.Profiler.Reports;

namespace EfficiencyKit.Profiler.Budgets;

/// <summary>
/// The smallest increase a check can tell from noise, per figure, and so whether the scenario's tolerance can hold.
/// Two limits, both worst for a site with little CPU per run:
/// <list type="bullet">
/// <item><b>Resolution.</b> A site's joules follow the stack samples that carry its CPU; a site with 4 samples' worth
/// of CPU per run cannot show a 25% change, and the few samples of start-up code drift with the machine's state (an unchanged 0.3 s
/// scenario's Main, 34 ms per run, moved up to 31% between a baseline and its checks). An increase must be worth
/// <see cref="MinimumSamples"/> samples per run.</item>
/// <item><b>Noise floor.</b> Measured on the profiler workload (docs/budgets.md), a site's run-to-run spread falls
/// roughly as 1/√(its CPU per run), from ±50% at 10 ms to ±4% at 350 ms. Where noise alone could move a median past
/// the tolerance in 1% of checks, a drifting machine would fail unchanged scenarios.</item>
/// </list>
/// A check holds each figure to the larger of its tolerance and these limits, and the baseline says what it would take
/// for the tolerance to hold.
/// </summary>
public static class BudgetNoise
{
    /// <summary>
    /// The samples per run an increase must be worth to count: 2 (20 ms at the default 10 ms interval), twice the
    /// largest drift of start-up code seen between an unchanged scenario's baseline and its checks (+31% of 34 ms).
    /// 5 also hid a real 1.5x regression of a 100 ms site in 10 of 11 checks.
    /// </summary>
    public const int MinimumSamples = 2;

    /// <summary>One-sided 1% point of the normal distribution.</summary>
    private const double Z = 2.326;

    /// <summary>The standard error of a median of n normal values is about √(π/2) σ/√n.</summary>
    private static readonly double s_medianEfficiency = Math.Sqrt(Math.PI / 2);

    /// <summary>The figure's run-to-run standard deviation relative to its median, estimated robustly (1.4826 × MAD).</summary>
    public static double RelativeNoise(BudgetFigure figure) => figure.Median > 0 ? 1.4826 * figure.Spread / figure.Median : 0;

    /// <summary>
    /// The fractional increase of a median that noise alone exceeds in about 1% of checks, with
    /// <paramref name="runs"/> runs on each side: the difference of two medians has √2 times one median's error.
    /// </summary>
    public static double Floor(BudgetFigure figure, int runs) => Z * Math.Sqrt(2) * s_medianEfficiency * RelativeNoise(figure) / Math.Sqrt(runs);

    /// <summary>The fractional increase worth <see cref="MinimumSamples"/> samples per run, or 0 when the sample count is unknown.</summary>
    public static double Resolution(double? cpuSamplesPerRun) => cpuSamplesPerRun is { } samples ? MinimumSamples / Math.Max(samples, 1) : 0;

    /// <summary>The increase a figure must exceed to regress: the tolerance, or the figure's noise floor or resolution where larger.</summary>
    public static double Threshold(BudgetFigure figure, double? cpuSamplesPerRun, int runs, double tolerance)
        => Math.Max(tolerance, Math.Max(Floor(figure, runs), Resolution(cpuSamplesPerRun)));

    /// <summary>
    /// One line per budgeted figure that the tolerance cannot hold: what limits it, and how much CPU per run (the
    /// floor falls as 1/√CPU, the resolution as 1/CPU), how many runs, or what tolerance would do.
    /// </summary>
    public static IReadOnlyList<string> Warnings(BudgetScenario scenario, IReadOnlyList<RunMeasurement> runs)
    {
        var warnings = new List<string>();
        void Consider(string name, BudgetFigure figure, double? samples, IEnumerable<double> cpuSeconds)
        {
            var floor = Floor(figure, scenario.Runs);
            var resolution = Resolution(samples);
            var threshold = Math.Max(floor, resolution);
            if (threshold <= scenario.Tolerance)
            {
                return;
            }

            var cpu = RankStatistics.Median(cpuSeconds.ToList());
            var cpuFactor = Math.Max(Math.Pow(floor / scenario.Tolerance, 2), resolution / scenario.Tolerance);
            var why = resolution >= floor
                ? string.Format(CultureInfo.InvariantCulture, "{0} of CPU per run ({1:0.#} samples): an increase under {2} samples per run is within sampling resolution", Milliseconds(cpu), samples, MinimumSamples)
                : string.Format(CultureInfo.InvariantCulture, "{0} of CPU per run varies ±{1:0}% run to run: with {2} runs a side, noise alone can move its median that far", Milliseconds(cpu), RelativeNoise(figure) * 100, scenario.Runs);
            var more = resolution >= floor ? ", sample more often (--sampling-interval-ms, on the check too)" : string.Format(CultureInfo.InvariantCulture, ", take {0} runs (--runs)", (int)Math.Ceiling(scenario.Runs * Math.Pow(floor / scenario.Tolerance, 2)));
            warnings.Add(string.Format(
                CultureInfo.InvariantCulture,
                "{0}: {1}, so checks hold it to +{2:0}%, not the {3:0}% tolerance. For the tolerance to hold, give it about {4} of CPU per run (more work per run){5}, or raise --tolerance to {6:0.00}.",
                name,
                why,
                threshold * 100,
                scenario.Tolerance * 100,
                Milliseconds(cpu * cpuFactor),
                more,
                Math.Ceiling(threshold * 100) / 100));
        }

        Consider("the scenario total", scenario.Total, null, runs.Select(r => r.TotalCpuSeconds));
        foreach (var site in scenario.CallSites)
        {
            Consider(EnergyFormat.ShortMethod(site.Method), site.Joules, site.CpuSamplesPerRun, runs.Select(r => r.SiteCpuSeconds.GetValueOrDefault(site.Method)));
        }

        return warnings;
    }

    private static string Milliseconds(double seconds) => (seconds * 1000).ToString("0", CultureInfo.InvariantCulture) + " ms";
}
