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
/// The throughput thread also prints its own CPU time, so the cost splits in two: the share of the time the thread was
/// kept off the CPU (what a runtime suspension for a stack sample costs it, and what the VM's steal time does not touch
/// when the guest kernel accounts steal apart) and the work it did per CPU second (caches, frequency, the VM's speed).
/// The first is the sampler's own cost; the second carries most of this VM's drift. With --reference, a second copy of
/// the workload runs unprofiled beside the target, and the target's work per CPU second is read against the reference's
/// in the same stretch, so that a drift of the whole machine's speed cancels (both busy threads then share the two vCPUs
/// with the collector, a harsher setting than a target alone). The time off the CPU is also given for the steady part
/// of each stretch, from 1 s after its start to the stop request, leaving out the session's start and its final
/// rundown, which a 5 s stretch weighs far more than a real profile of minutes does.
/// Modes: "run" is a target started with a 10 ms sampling interval, as `dotnet-energy run` starts one; "attach" one
/// left at the runtime's 1 ms, as `collect -p` finds most services.
/// Usage: profiler-overhead-interleaved [seconds per stretch = 10] [profiled stretches = 6] [idle thread counts = 1,10,100,500] [modes = run,attach] [--reference]
/// </summary>
internal static class ProfilerOverheadInterleaved
{
    private const long SteadyAfterMilliseconds = 1000;

    private static readonly TimeSpan s_warmUp = TimeSpan.FromSeconds(3);

    public static async Task RunAsync(string[] args)
    {
        var reference = args.Contains("--reference");
        args = [.. args.Where(a => a != "--reference")];
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
                var result = await MeasureAsync(workload, stretch, profiled, idleThreads, mode, reference);
                Console.WriteLine($"{idleThreads} idle threads, {mode}: units/s by stretch {Series(result.Stretches.Select(x => x.Rate), "F0")}; on-CPU share {Series(result.Stretches.Select(x => 100 * x.OnCpuShare), "F2")}% (* profiled)");
                var relative = result.Reference is { } beside ? Cell(result.Stretches.Zip(beside, (t, r) => t with { UnitsPerCpuSecond = t.UnitsPerCpuSecond / r.UnitsPerCpuSecond }).ToList(), x => x.UnitsPerCpuSecond) : "—";
                rows.Add($"| {idleThreads} | {mode} | {Cell(result.Stretches, x => x.Rate)} | {Cell(result.Stretches, x => x.OnCpuShare)} | {Cell(result.Steady, x => x.OnCpuShare)} | {Cell(result.Stretches, x => x.UnitsPerCpuSecond)} | {relative} | {100 * ProfilerOverhead.Median(result.SampledShares):0}% |");
            }
        }

        Console.WriteLine();
        Console.WriteLine("Each cell: cost, median [quartiles] of the profiled stretches against their neighbours; floor, the same for unprofiled stretches.");
        Console.WriteLine("| idle threads | mode | throughput cost / floor | time off the CPU: cost / floor | the same, steady part | work per CPU second: cost / floor | the same against the reference | time sampled |");
        Console.WriteLine("|---:|---|---|---|---|---|---|---:|");
        rows.ForEach(Console.WriteLine);
    }

    private static async Task<Measurement> MeasureAsync(string workload, TimeSpan stretch, int profiled, string idleThreads, string mode, bool reference)
    {
        var referenceProgress = new List<ProgressPoint>();
        using var beside = reference ? Process.Start(new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, ArgumentList = { workload, "throughput", "100000", "0", "progress=100" } }) : null;
        var referenceReading = beside is null ? Task.CompletedTask : ReadProgressAsync(beside.StandardOutput, referenceProgress);
        // The target runs far longer than the harness needs and is killed at the end: its own end plays no part.
        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, ArgumentList = { workload, "throughput", "100000", idleThreads, "progress=100" } };
        if (mode == "run")
        {
            startInfo.Environment[TargetSamplingInterval.VariableName] = TargetSamplingInterval.Format(10);
        }

        var progress = new List<ProgressPoint>();
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
            var measured = Stretches(progress, stretches);
            var steadyParts = stretches.Select(x => (x.Start + SteadyAfterMilliseconds, x.Start + (long)stretch.TotalMilliseconds)).ToList();
            return new Measurement(measured, Stretches(progress, steadyParts), beside is null ? null : Stretches(referenceProgress, stretches), directories.Select(ProfilerOverhead.SampledShare).ToList());
        }
        finally
        {
            foreach (var process in new[] { target, beside }.OfType<Process>())
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            await reading;
            await referenceReading;
            foreach (var directory in directories.Where(Directory.Exists))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static List<Stretch> Stretches(List<ProgressPoint> progress, List<(long Start, long End)> stretches)
    {
        lock (progress)
        {
            return stretches.Select(s => Stretch.Between(progress, s.Start, s.End)).ToList();
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

    private static async Task ReadProgressAsync(StreamReader output, List<ProgressPoint> progress)
    {
        while (await output.ReadLineAsync() is { } line)
        {
            var fields = line.Split(' ');
            if (fields is ["progress", var milliseconds, var units, var cpuNanoseconds])
            {
                lock (progress)
                {
                    progress.Add(new(long.Parse(milliseconds, CultureInfo.InvariantCulture), long.Parse(units, CultureInfo.InvariantCulture), long.Parse(cpuNanoseconds, CultureInfo.InvariantCulture)));
                }
            }
        }
    }

    /// <summary>
    /// One metric's cost (profiled stretches, odd indexes, against the mean of their neighbours) and floor (unprofiled
    /// stretches against theirs), as "median [quartiles] / median [quartiles]" in percent; higher is better for every metric.
    /// </summary>
    private static string Cell(List<Stretch> stretches, Func<Stretch, double> metric)
    {
        var values = stretches.Select(metric).ToList();
        var profiled = (values.Count - 1) / 2;
        var costs = Enumerable.Range(0, profiled).Select(k => Cost(values[(2 * k) + 1], values[2 * k], values[(2 * k) + 2])).ToList();
        var floor = Enumerable.Range(1, profiled - 1).Select(k => Cost(values[2 * k], values[(2 * k) - 2], values[(2 * k) + 2])).ToList();
        return $"{Summary(costs)} / {Summary(floor)}";
    }

    private static string Summary(List<double> values)
        => $"{Percent(ProfilerOverhead.Median(values))} [{Percent(ProfilerOverhead.Quantile(values, 0.25))} to {Percent(ProfilerOverhead.Quantile(values, 0.75))}]";

    private static string Series(IEnumerable<double> values, string format)
        => string.Join(", ", values.Select((v, i) => (i % 2 == 1 ? "*" : string.Empty) + v.ToString(format, CultureInfo.InvariantCulture)));

    private static double Cost(double value, double before, double after) => 100 * (1 - (value / ((before + after) / 2)));

    private static string Percent(double value) => $"{value:+0.00;-0.00;0.00}%";

    /// <summary>A progress line: when, the units done so far and the throughput thread's CPU time so far.</summary>
    private readonly record struct ProgressPoint(long Milliseconds, long Units, long CpuNanoseconds);

    /// <summary>One stretch: units per second, the share of it the thread spent on the CPU, and units per CPU second.</summary>
    private readonly record struct Stretch(double Rate, double OnCpuShare, double UnitsPerCpuSecond)
    {
        public static Stretch Between(List<ProgressPoint> points, long start, long end)
        {
            var (startUnits, startCpu) = At(points, start);
            var (endUnits, endCpu) = At(points, end);
            var units = endUnits - startUnits;
            var cpuSeconds = (endCpu - startCpu) / 1e9;
            var seconds = (end - start) / 1000.0;
            return new(units / seconds, cpuSeconds / seconds, units / cpuSeconds);
        }

        /// <summary>The units and CPU nanoseconds at <paramref name="milliseconds"/>, interpolated between the progress lines around it.</summary>
        private static (double Units, double CpuNanoseconds) At(List<ProgressPoint> points, long milliseconds)
        {
            var after = points.FindIndex(p => p.Milliseconds >= milliseconds);
            if (after <= 0)
            {
                throw new InvalidOperationException($"No progress line brackets {milliseconds} (the target printed {points.Count}).");
            }

            var (before, next) = (points[after - 1], points[after]);
            var fraction = (double)(milliseconds - before.Milliseconds) / Math.Max(1, next.Milliseconds - before.Milliseconds);
            return (before.Units + ((next.Units - before.Units) * fraction), before.CpuNanoseconds + ((next.CpuNanoseconds - before.CpuNanoseconds) * fraction));
        }
    }

    private sealed record Measurement(List<Stretch> Stretches, List<Stretch> Steady, List<Stretch>? Reference, List<double> SampledShares);
}
