using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using EfficiencyKit.Profiler.Collection;
using EfficiencyKit.Tests.Shared;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// The profiler's cost to its target: work units per second of the workload's "throughput" scenario run alone, and
/// under dotnet-energy at its defaults — `run` (launched, 10 ms sampling), `run` at 1 ms, and `collect -p` (attached:
/// the runtime keeps its 1 ms) — with a range of idle managed threads. Each profiled variant uses the sampling schedule
/// (budget 2%); "no budget" variants sample all the time, as before the schedule existed. Medians over several runs,
/// alternating the variants so machine noise hits them alike.
/// Usage: profiler-overhead [seconds per run = 5] [runs = 5] [idle thread counts, comma-separated = 1,10,100,500] [variants, comma-separated = all]
/// Variants: alone, run, run-1ms, attach, run-unbudgeted, attach-unbudgeted.
/// </summary>
internal static class ProfilerOverhead
{
    private static readonly string[] s_variants = ["alone", "run", "run-1ms", "attach", "run-unbudgeted", "attach-unbudgeted"];

    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? args[0] : "5";
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var idleCounts = args.Length > 2 ? args[2].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : ["1", "10", "100", "500"];
        var variants = args.Length > 3 ? args[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : s_variants;
        if (variants.Except(s_variants).FirstOrDefault() is { } unknown)
        {
            throw new ArgumentException($"Unknown variant '{unknown}': use {string.Join(", ", s_variants)}.");
        }

        variants = ["alone", .. variants.Where(v => v != "alone")];
        var workload = typeof(ProfilerOverhead).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "WorkloadPath").Value!;
        Console.WriteLine($"workload {workload}, {seconds} s per run, {runs} runs per variant, {Environment.ProcessorCount} vCPU, {(HostCpu.ModelName() ?? "CPU model unknown")}");

        foreach (var idleThreads in idleCounts)
        {
            var results = variants.ToDictionary(v => v, _ => new List<double>());
            var shares = variants.ToDictionary(v => v, _ => new List<double>());
            for (var run = 0; run < runs; run++)
            {
                foreach (var variant in variants)
                {
                    var (units, share) = await MeasureAsync(variant, workload, seconds, idleThreads);
                    results[variant].Add(units);
                    shares[variant].Add(share);
                }
            }

            // Each profiled run against the unprofiled run just before it: the VM's speed drifts (single unprofiled runs
            // have varied 2.6-fold), and a pair shares most of that drift. The spread is the pairs' quartiles.
            Console.WriteLine($"| {idleThreads} idle threads | median units/s | cost (median of pairs) | pairs' quartiles | time sampled | runs (units/s) |");
            Console.WriteLine("|---|---:|---:|---:|---:|---|");
            foreach (var (variant, values) in results)
            {
                var costs = values.Select((v, i) => 100 * (1 - (v / results["alone"][i]))).ToList();
                Console.WriteLine($"| {variant} | {Median(values):F0} | {(variant == "alone" ? "-" : $"{Median(costs):+0.0;-0.0}%")} | {(variant == "alone" ? "-" : $"{Quantile(costs, 0.25):+0.0;-0.0} to {Quantile(costs, 0.75):+0.0;-0.0}")} | {(variant == "alone" ? "-" : $"{100 * Median(shares[variant]):0}%")} | {string.Join(", ", values.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))} |");
            }
        }
    }

    /// <summary>Units per second, and the share of the run the sampling windows covered (1 when sampled throughout).</summary>
    private static async Task<(double Units, double SampledShare)> MeasureAsync(string variant, string workload, string seconds, string idleThreads)
    {
        if (variant == "alone")
        {
            using var alone = Start(workload, seconds, idleThreads);
            return (UnitsPerSecond(await alone.StandardOutput.ReadToEndAsync(), seconds), 0);
        }

        var directory = Path.Combine(Path.GetTempPath(), "ek-overhead-" + Guid.NewGuid().ToString("N")[..8]);
        var options = new CollectionOptions
        {
            OutputDirectory = directory,
            CaptureTargetOutput = true,
            SamplingIntervalMilliseconds = variant == "run-1ms" ? 1 : 10,
            OverheadBudget = variant.EndsWith("-unbudgeted", StringComparison.Ordinal) ? 1 : 0.02,
        };
        try
        {
            string output;
            if (variant.StartsWith("attach", StringComparison.Ordinal))
            {
                // As `collect -p` does: the target was started without us and keeps the runtime's 1 ms interval.
                using var target = Start(workload, seconds, idleThreads);
                var reading = target.StandardOutput.ReadToEndAsync();
                await AttachWhenListeningAsync(target.Id, options);
                output = await reading;
                await target.WaitForExitAsync();
            }
            else
            {
                output = (await Collector.LaunchAsync("dotnet", [workload, "throughput", seconds, idleThreads], options, CancellationToken.None)).TargetOutput!;
            }

            return (UnitsPerSecond(output, seconds), SampledShare(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Process Start(string workload, string seconds, string idleThreads)
        => Process.Start(new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, ArgumentList = { workload, "throughput", seconds, idleThreads } })!;

    /// <summary>
    /// Attaches as soon as the runtime listens: its socket file appears early in start-up, a moment before it accepts
    /// connections (one attach in a run of 96 was refused that way).
    /// </summary>
    private static async Task AttachWhenListeningAsync(int processId, CollectionOptions options)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                if (Directory.EnumerateFiles(Path.GetTempPath(), $"dotnet-diagnostic-{processId}-*-socket").Any())
                {
                    await Collector.AttachAsync(processId, options, CancellationToken.None);
                    return;
                }
            }
            catch (EfficiencyKit.Profiler.ProfilerException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Process {processId} opened no diagnostic port within 10 s.");
            }

            await Task.Delay(10);
        }
    }

    internal static double SampledShare(string directory)
        => CollectionTimeline.Load(CollectionFiles.TimelinePath(directory)).SampledTimeShare();

    private static double UnitsPerSecond(string output, string seconds)
        => WorkloadSites.ReadTruth(output)["units"] / double.Parse(seconds, CultureInfo.InvariantCulture);

    internal static double Median(List<double> values) => Quantile(values, 0.5);

    /// <summary>Linear interpolation between the order statistics (type 7, R's and NumPy's default).</summary>
    internal static double Quantile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        var position = p * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        return below + 1 < sorted.Count ? sorted[below] + ((position - below) * (sorted[below + 1] - sorted[below])) : sorted[below];
    }
}
