using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EfficiencyKit.Profiler.Collection;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// The profiler's cost to its target: work units per second of the workload's "throughput" scenario run alone,
/// and under dotnet-energy's collector at a 10 ms (our default) and a 1 ms (the runtime's default) stack
/// sampling interval (what `collect` gets when it attaches: the runtime sets it once at start-up), with a range of
/// idle managed threads. Medians over several runs, alternating the variants so machine noise hits them alike.
/// Usage: profiler-overhead [seconds per run = 5] [runs = 5] [idle thread counts, comma-separated = 0,100]
/// </summary>
internal static class ProfilerOverhead
{
    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? args[0] : "5";
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var workload = typeof(ProfilerOverhead).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "WorkloadPath").Value!;
        Console.WriteLine($"workload {workload}, {seconds} s per run, {runs} runs per variant, {Environment.ProcessorCount} vCPU");

        var idleCounts = args.Length > 2 ? args[2].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : ["0", "100"];
        foreach (var idleThreads in idleCounts)
        {
            var results = new Dictionary<string, List<double>> { ["alone"] = [], ["profiled, 10 ms"] = [], ["profiled, 1 ms"] = [] };
            for (var run = 0; run < runs; run++)
            {
                results["alone"].Add(await AloneAsync(workload, seconds, idleThreads));
                results["profiled, 10 ms"].Add(await ProfiledAsync(workload, seconds, idleThreads, 10));
                results["profiled, 1 ms"].Add(await ProfiledAsync(workload, seconds, idleThreads, 1));
            }

            var baseline = Median(results["alone"]);
            Console.WriteLine($"| {idleThreads} idle threads | median units/s | overhead | runs (units/s) |");
            Console.WriteLine("|---|---:|---:|---|");
            foreach (var (variant, values) in results)
            {
                var median = Median(values);
                Console.WriteLine($"| {variant} | {median:F0} | {100 * (1 - (median / baseline)):+0.0;-0.0}% | {string.Join(", ", values.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))} |");
            }
        }
    }

    private static async Task<double> AloneAsync(string workload, string seconds, string idleThreads)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, ArgumentList = { workload, "throughput", seconds, idleThreads } };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return UnitsPerSecond(output, seconds);
    }

    private static async Task<double> ProfiledAsync(string workload, string seconds, string idleThreads, int samplingMs)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ek-overhead-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var result = await Collector.LaunchAsync(
                "dotnet",
                [workload, "throughput", seconds, idleThreads],
                new CollectionOptions { OutputDirectory = directory, CaptureTargetOutput = true, SamplingIntervalMilliseconds = samplingMs },
                CancellationToken.None);
            return UnitsPerSecond(result.TargetOutput!, seconds);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static double UnitsPerSecond(string output, string seconds)
    {
        var truth = JsonSerializer.Deserialize<Dictionary<string, long>>(output.Trim().Split('\n').Last())!;
        return truth["units"] / double.Parse(seconds, CultureInfo.InvariantCulture);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
