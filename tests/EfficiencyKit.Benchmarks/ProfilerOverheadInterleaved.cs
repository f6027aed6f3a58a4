using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using EfficiencyKit.Profiler.Collection;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// The profiler's cost measured inside one run of the target: the workload's "throughput" thread prints its unit count
/// every 100 ms, and the harness alternates stretches left alone with stretches profiled by an attached collection at
/// its defaults (budget 2%), each whole collection — start, sampling windows, final rundown — inside its stretch. Each
/// profiled stretch is compared with the mean of the unprofiled stretches on either side, so the VM's speed drift,
/// which made separate runs differ 1.6-fold, cancels unless it changes within seconds. The same arithmetic on the
/// unprofiled stretches alone (each against its unprofiled neighbours) gives the floor that run could resolve.
/// Modes: "run" is a target started with a 10 ms sampling interval, as `dotnet-energy run` starts one; "attach" one
/// left at the runtime's 1 ms, as `collect -p` finds most services.
/// Usage: profiler-overhead-interleaved [seconds per stretch = 10] [profiled stretches = 6] [idle thread counts = 1,10,100,500] [modes = run,attach]
/// </summary>
internal static class ProfilerOverheadInterleaved
{
    private static readonly TimeSpan s_warmUp = TimeSpan.FromSeconds(3);

    public static async Task RunAsync(string[] args)
    {
        var stretch = TimeSpan.FromSeconds(args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10);
        var profiled = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 6;
        var idleCounts = args.Length > 2 ? args[2].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : ["1", "10", "100", "500"];
        var modes = args.Length > 3 ? args[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : ["run", "attach"];
        if (modes.FirstOrDefault(m => m is not ("run" or "attach")) is { } unknown)
        {
            throw new ArgumentException($"Unknown mode '{unknown}': use run or attach.");
        }

        if (profiled < 2)
        {
            throw new ArgumentException("At least 2 profiled stretches are needed (the floor compares unprofiled stretches with their neighbours).");
        }

        var workload = typeof(ProfilerOverheadInterleaved).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "WorkloadPath").Value!;
        Console.WriteLine($"workload {workload}, stretches of {stretch.TotalSeconds:0.#} s, {profiled} profiled between {profiled + 1} unprofiled, {Environment.ProcessorCount} vCPU, {HostCpu.ModelName() ?? "CPU model unknown"}");
        var rows = new List<string>();
        foreach (var idleThreads in idleCounts)
        {
            foreach (var mode in modes)
            {
                var result = await MeasureAsync(workload, stretch, profiled, idleThreads, mode);
                Console.WriteLine($"{idleThreads} idle threads, {mode}: units/s by stretch {string.Join(", ", result.Rates.Select((r, i) => (i % 2 == 1 ? "*" : "") + r.ToString("F0", CultureInfo.InvariantCulture)))} (* profiled)");
                rows.Add($"| {idleThreads} | {mode} | {Percent(ProfilerOverhead.Median(result.Costs))} | {Percent(ProfilerOverhead.Quantile(result.Costs, 0.25))} to {Percent(ProfilerOverhead.Quantile(result.Costs, 0.75))} | {Percent(ProfilerOverhead.Median(result.Floor))} | {Percent(ProfilerOverhead.Quantile(result.Floor, 0.25))} to {Percent(ProfilerOverhead.Quantile(result.Floor, 0.75))} | {100 * ProfilerOverhead.Median(result.SampledShares):0}% |");
            }
        }

        Console.WriteLine();
        Console.WriteLine("| idle threads | mode | cost (median) | quartiles | floor: unprofiled vs neighbours (median) | floor quartiles | time sampled |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|");
        rows.ForEach(Console.WriteLine);
    }

    private static async Task<Measurement> MeasureAsync(string workload, TimeSpan stretch, int profiled, string idleThreads, string mode)
    {
        // The target runs far longer than the harness needs and is killed at the end: its own end plays no part.
        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, ArgumentList = { workload, "throughput", "100000", idleThreads, "progress=100" } };
        if (mode == "run")
        {
            startInfo.Environment[TargetSamplingInterval.VariableName] = TargetSamplingInterval.Format(10);
        }

        var progress = new List<(long Milliseconds, long Units)>();
        using var target = Process.Start(startInfo)!;
        var reading = ReadProgressAsync(target.StandardOutput, progress);
        var directories = new List<string>();
        try
        {
            await Task.Delay(s_warmUp);
            var stretches = new List<(long Start, long End)>();
            for (var i = 0; i < profiled; i++)
            {
                stretches.Add(await LeaveAloneAsync(stretch));
                var directory = Path.Combine(Path.GetTempPath(), "ek-interleaved-" + Guid.NewGuid().ToString("N")[..8]);
                directories.Add(directory);
                stretches.Add(await ProfileAsync(target.Id, directory, stretch));
            }

            stretches.Add(await LeaveAloneAsync(stretch));

            // One more progress line past the last stretch, so that its end is interpolated, not extrapolated.
            await Task.Delay(300);
            List<(long Milliseconds, long Units)> points;
            lock (progress)
            {
                points = [.. progress];
            }

            var rates = stretches.Select(s => (UnitsAt(points, s.End) - UnitsAt(points, s.Start)) * 1000.0 / (s.End - s.Start)).ToList();
            var costs = Enumerable.Range(0, profiled).Select(k => Cost(rates[(2 * k) + 1], rates[2 * k], rates[(2 * k) + 2])).ToList();
            var floor = Enumerable.Range(1, profiled - 1).Select(k => Cost(rates[2 * k], rates[(2 * k) - 2], rates[(2 * k) + 2])).ToList();
            return new Measurement(rates, costs, floor, directories.Select(ProfilerOverhead.SampledShare).ToList());
        }
        finally
        {
            target.Kill();
            await target.WaitForExitAsync();
            await reading;
            foreach (var directory in directories.Where(Directory.Exists))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static async Task<(long Start, long End)> LeaveAloneAsync(TimeSpan stretch)
    {
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await Task.Delay(stretch);
        return (start, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    /// <summary>One whole collection, attach to stop, as `collect -p --duration` makes one.</summary>
    private static async Task<(long Start, long End)> ProfileAsync(int processId, string directory, TimeSpan stretch)
    {
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var stop = new CancellationTokenSource(stretch);
        await Collector.AttachAsync(processId, new CollectionOptions { OutputDirectory = directory }, stop.Token);
        return (start, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    private static async Task ReadProgressAsync(StreamReader output, List<(long Milliseconds, long Units)> progress)
    {
        while (await output.ReadLineAsync() is { } line)
        {
            var fields = line.Split(' ');
            if (fields is ["progress", var milliseconds, var units])
            {
                lock (progress)
                {
                    progress.Add((long.Parse(milliseconds, CultureInfo.InvariantCulture), long.Parse(units, CultureInfo.InvariantCulture)));
                }
            }
        }
    }

    /// <summary>The unit count at <paramref name="milliseconds"/>, interpolated between the progress lines around it.</summary>
    private static double UnitsAt(List<(long Milliseconds, long Units)> points, long milliseconds)
    {
        var after = points.FindIndex(p => p.Milliseconds >= milliseconds);
        if (after <= 0)
        {
            throw new InvalidOperationException($"No progress line brackets {milliseconds} (the target printed {points.Count}).");
        }

        var (t0, u0) = points[after - 1];
        var (t1, u1) = points[after];
        return u0 + ((u1 - u0) * (double)(milliseconds - t0) / Math.Max(1, t1 - t0));
    }

    private static double Cost(double rate, double before, double after) => 100 * (1 - (rate / ((before + after) / 2)));

    private static string Percent(double value) => $"{value:+0.0;-0.0}%";

    private sealed record Measurement(List<double> Rates, List<double> Costs, List<double> Floor, List<double> SampledShares);
}
