using System.Globalization;
using System.Reflection;
using EfficiencyKit.Profiler.Analysis;
using EfficiencyKit.Profiler.Collection;
using EfficiencyKit.Tests.Shared;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// The profiler's accuracy at its defaults: each validation scenario of the workload (whose call sites measure their own
/// CPU time) profiled with `run`, alone and beside idle managed threads (which make the schedule sample in windows),
/// and each site's share of the energy compared with its share of the measured CPU, in percentage points.
/// Usage: profiler-accuracy [runs = 3] [idle thread counts, comma-separated = 0,400] [scenarios, comma-separated = split,sleepy,native,ort] [seconds = 5] [--keep PP]
/// With --keep, a run whose largest error exceeds PP keeps its collection folder (the path and each site's shares are
/// printed), so an outlier can be analysed again instead of only counted.
/// </summary>
internal static class ProfilerAccuracy
{
    private static readonly Dictionary<string, string[]> s_sites = new()
    {
        ["split"] = ["Burn60", "Burn30", "Burn10"],
        ["sleepy"] = ["Compute", "Rest", "Busy"],
        ["native"] = ["Infer", "Busy"],
        ["ort"] = ["Classify", "Busy"],
    };

    public static async Task RunAsync(string[] args)
    {
        double? keepOver = null;
        var keep = Array.IndexOf(args, "--keep");
        if (keep >= 0)
        {
            keepOver = keep + 1 < args.Length && double.TryParse(args[keep + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var points) && points >= 0
                ? points
                : throw new ArgumentException("--keep takes the error in percentage points above which a run's collection is kept, such as --keep 2.");
            args = [.. args[..keep], .. args[(keep + 2)..]];
        }

        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        var idleCounts = args.Length > 1 ? args[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : ["0", "400"];
        var scenarios = args.Length > 2 ? args[2].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [.. s_sites.Keys];
        var seconds = args.Length > 3 ? args[3] : "5";
        if (scenarios.FirstOrDefault(s => !s_sites.ContainsKey(s)) is { } unknown)
        {
            throw new ArgumentException($"Unknown scenario '{unknown}': use {string.Join(", ", s_sites.Keys)}.");
        }

        var workload = typeof(ProfilerAccuracy).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "WorkloadPath").Value!;
        Console.WriteLine($"workload {workload}, {seconds} s per run, {runs} runs, {Environment.ProcessorCount} vCPU");
        Console.WriteLine("| scenario | idle threads | time sampled | largest error per run (pp) | samples per run |");
        Console.WriteLine("|---|---:|---:|---|---|");
        foreach (var scenario in scenarios)
        {
            foreach (var idle in idleCounts)
            {
                var errors = new List<double>();
                var sampled = new List<double>();
                var samples = new List<int>();
                for (var run = 0; run < runs; run++)
                {
                    var (error, share, count) = await MeasureAsync(workload, scenario, idle, seconds, keepOver);
                    errors.Add(error);
                    sampled.Add(share);
                    samples.Add(count);
                }

                Console.WriteLine($"| {scenario} | {idle} | {100 * sampled.Average():0}% | {string.Join(", ", errors.Select(e => (Math.Round(e, 2) + 0.0).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture)))} | {string.Join(", ", samples)} |");
            }
        }
    }

    /// <summary>The site whose energy share is furthest from its CPU share (signed, pp), the sampled share of the run, and the stack samples.</summary>
    private static async Task<(double Error, double SampledShare, int Samples)> MeasureAsync(string workload, string scenario, string idle, string seconds, double? keepOver)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ek-accuracy-" + Guid.NewGuid().ToString("N")[..8]);
        var kept = false;
        try
        {
            var result = await Collector.LaunchAsync("dotnet", [workload, scenario, seconds, $"idle={idle}"], new CollectionOptions { OutputDirectory = directory, CaptureTargetOutput = true }, CancellationToken.None);
            var truth = WorkloadSites.ReadTruth(result.TargetOutput!);
            var options = new AnalysisOptions { RollUpMethodPrefixes = WorkloadSites.RollUp };
            if (scenario == "native")
            {
                // The JIT inlines the P/Invoke stub, so the managed frame waiting in native code is Sites.Infer itself.
                options = options with { NativeBoundaryMethodPrefixes = [.. options.NativeBoundaryMethodPrefixes, "Sites.Infer"] };
            }

            var report = ProfileAnalysis.Analyze(directory, options).Report;
            var (shares, _) = WorkloadSites.Compare(report, truth, s_sites[scenario]);
            var error = shares.Select(share => share.ErrorPoints).MaxBy(Math.Abs);
            if (Math.Abs(error) > keepOver)
            {
                kept = true;
                File.WriteAllText(Path.Combine(directory, "target-output.txt"), result.TargetOutput);
                Console.WriteLine($"kept {directory} ({scenario}, idle {idle}): "
                    + string.Join(", ", shares.Select(s => FormattableString.Invariant($"{s.Site} CPU {s.CpuPercent:0.00}% energy {s.EnergyPercent:0.00}%"))));
            }

            return (error, report.Sampling.SampledTimeShare, report.Sampling.StackSamples);
        }
        finally
        {
            if (!kept)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
