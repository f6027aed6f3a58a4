using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using EfficiencyKit.Profiler.Workload;
using Microsoft.ML.OnnxRuntime;

// Usage: EfficiencyKit.Profiler.Workload <scenario> <seconds>
//   split:  three call sites on three threads at 60/30/10 duty cycles (1.0 CPU in all).
//   sleepy: one thread alternating Sites.Compute (20 ms of work) and Sites.Rest (20 ms Thread.Sleep),
//           and one thread running Sites.Busy flat out.
//   native: one thread calling Sites.Infer, which waits inside a native call while a native pool of two
//           threads computes (like ONNX Runtime's intra-op pool), and one thread running Sites.Busy.
//   ort:    one thread calling Sites.Classify, which runs a 512→2048→512 MLP at batch 64 in ONNX Runtime 1.32 with two
//           intra-op threads (the caller and one ORT worker thread), and one thread running Sites.Busy.
//   throughput [idle threads]: one thread doing fixed work units flat out (reports "units" done), plus that many
//           blocked threads (EventPipe suspends and walks every managed thread at each sample).
//   budget [factor] [scale]: fixed work, not fixed time (for energy budgets): Sites.Encode does factor × scale × 10 M
//           square roots and Sites.Rank scale × 10 M, three times over, so factor scales one call site's energy and
//           scale the whole scenario's length (scale 1 is about 1 s of CPU).
//   ending [seconds] [exit3|failfast|throw|nullref]: split, then the process ends as told right after printing the
//           truth: Environment.Exit(3), Environment.FailFast, an unhandled exception, a null dereference. It dies
//           mid-chunk, so the runtime sends no rundown.
// Any scenario also takes idle=N (after its own arguments): N more blocked managed threads, as a thread-pool-heavy service has.
// throughput also takes progress=MS: every MS milliseconds its thread prints "progress <Unix ms> <units so far> <its CPU ns>",
//           so a harness can compare stretches of one run (profiled and not) instead of separate runs, and tell time the
//           thread was kept off the CPU (a runtime suspension for a stack sample) from slower work on it.
// Prints the ground truth at exit: CPU nanoseconds spent in each call site, measured by the thread itself.
var scenario = args.Length > 0 ? args[0] : "split";
var seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
Sites.Until = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);

using var idle = new ManualResetEventSlim();
var idleArgument = args.FirstOrDefault(a => a.StartsWith("idle=", StringComparison.Ordinal));
var idleThreads = idleArgument is not null ? int.Parse(idleArgument["idle=".Length..], System.Globalization.CultureInfo.InvariantCulture)
    : scenario == "throughput" && args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0;
for (var i = 0; i < idleThreads; i++)
{
    new Thread(() => idle.Wait()) { IsBackground = true }.Start();
}

Thread[] threads = scenario switch
{
    "split" or "ending" => [Start(Sites.Burn60), Start(Sites.Burn30), Start(Sites.Burn10)],
    "sleepy" => [Start(Sites.Alternate), Start(Sites.Busy)],
    "throughput" => [Start(() => Sites.Throughput(ProgressMilliseconds(args)))],
    "native" => [Start(Sites.InferLoop), Start(Sites.Busy)],
    "ort" => OrtScenario(),
    "budget" => [Start(() => Sites.Pipeline(factor: seconds, scale: args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1))],
    _ => throw new ArgumentException($"Unknown scenario '{scenario}': use split, ending, sleepy, throughput, native, ort or budget."),
};

foreach (var thread in threads)
{
    thread.Start();
}

foreach (var thread in threads)
{
    thread.Join();
}

idle.Set();

Console.WriteLine(JsonSerializer.Serialize(Sites.Truth));
if (scenario == "ending")
{
    End(args.Length > 2 ? args[2] : "exit3");
}

static Thread Start(Action work) => new(() => work());

static int ProgressMilliseconds(string[] args)
    => args.FirstOrDefault(a => a.StartsWith("progress=", StringComparison.Ordinal)) is { } progress
        ? int.Parse(progress["progress=".Length..], System.Globalization.CultureInfo.InvariantCulture)
        : 0;

static void End(string how)
{
    Console.Out.Flush();
    switch (how)
    {
        case "exit3":
            Environment.Exit(3);
            break;
        case "failfast":
            Environment.FailFast("The workload ends with Environment.FailFast.");
            break;
        case "throw":
            throw new InvalidOperationException("The workload ends with an unhandled exception.");
        case "nullref":
            Console.WriteLine(NullText()!.Length);
            break;
        default:
            throw new ArgumentException($"Unknown ending '{how}': use exit3, failfast, throw or nullref.");
    }
}

[MethodImpl(MethodImplOptions.NoInlining)]
static string? NullText() => null;

static Thread[] OrtScenario()
{
    // The session (and so ORT's worker thread) is created before the sites' threads start, so that the threads
    // it adds are ORT's alone.
    var (session, workers) = OrtWorkload.CreateSession();
    return [Start(() => Sites.ClassifyLoop(session, workers)), Start(Sites.Busy)];
}

/// <summary>The call sites. Each measures the CPU its own thread spends inside it.</summary>
internal static class Sites
{
    public static long Until { get; set; }

    public static ConcurrentDictionary<string, long> Truth { get; } = new();

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Burn60() => Measure("Sites.Burn60", () => DutyCycle(busyMs: 6, idleMs: 4));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Burn30() => Measure("Sites.Burn30", () => DutyCycle(busyMs: 3, idleMs: 7));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Burn10() => Measure("Sites.Burn10", () => DutyCycle(busyMs: 1, idleMs: 9));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Busy() => Measure("Sites.Busy", () => DutyCycle(busyMs: 10, idleMs: 0));

    [MethodImpl(MethodImplOptions.NoInlining)]
    /// <summary>Fixed work units flat out; with a progress period, the count so far is printed every period.</summary>
    public static void Throughput(int progressMilliseconds)
    {
        long units = 0;
        Measure("Sites.Throughput", () =>
        {
            var x = 1.0;
            var progressTicks = progressMilliseconds * Stopwatch.Frequency / 1000;
            var nextProgress = progressTicks > 0 ? Stopwatch.GetTimestamp() : long.MaxValue;
            while (Stopwatch.GetTimestamp() is var now && now < Until)
            {
                if (now >= nextProgress)
                {
                    Console.WriteLine(FormattableString.Invariant($"progress {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()} {units} {ThreadCpuClock.Nanoseconds()}"));
                    nextProgress = now + progressTicks;
                }

                for (var i = 0; i < 10_000; i++)
                {
                    x = Math.Sqrt(x + 1.5);
                }

                units++;
            }

            GC.KeepAlive(x);
        });
        Truth["units"] = units;
    }

    /// <summary>Calls the native pool in a loop; the pool's CPU is this site's ground truth, plus its own.</summary>
    public static void InferLoop()
    {
        if (NativePool.Start(2) != 0)
        {
            throw new InvalidOperationException("spin_pool_start failed");
        }

        var poolBefore = NativePool.CpuNanoseconds();
        while (Stopwatch.GetTimestamp() < Until)
        {
            Measure("Sites.Infer", Infer);
        }

        Truth.AddOrUpdate("Sites.Infer", NativePool.CpuNanoseconds() - poolBefore, (_, own) => own + NativePool.CpuNanoseconds() - poolBefore);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Infer() => NativePool.Run(10);

    /// <summary>
    /// Runs ONNX Runtime in a loop; its worker thread's CPU is this site's ground truth, plus the caller's own.
    /// The session is left to the process's exit, not disposed: disposing it ends the worker thread, and the CPU of a
    /// thread that exits between two polls can only go to [exited threads]. The native pool's workers live as long.
    /// </summary>
    public static void ClassifyLoop(InferenceSession session, int[] workers)
    {
        using var input = OrtWorkload.Input();
        var workersBefore = workers.Sum(ThreadCpuClock.Nanoseconds);
        while (Stopwatch.GetTimestamp() < Until)
        {
            Measure("Sites.Classify", () => Classify(session, input));
        }

        var workerCpu = workers.Sum(ThreadCpuClock.Nanoseconds) - workersBefore;
        Truth.AddOrUpdate("Sites.Classify", workerCpu, (_, own) => own + workerCpu);
    }

    /// <summary>
    /// Ten runs per measurement: the clock reads around each measurement are P/Invokes, and with one run (a few ms)
    /// per measurement EventPipe's samples piled up on them (9.6% of the energy in one run, vs 0.15% in the native
    /// scenario's 10 ms calls): the transition bias docs/profiler.md describes, which this site is not meant to test.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Classify(InferenceSession session, OrtValue input)
    {
        using var runOptions = new RunOptions();
        for (var i = 0; i < 10; i++)
        {
            using var outputs = session.Run(runOptions, ["x"], [input], ["y"]);
        }
    }

    /// <summary>
    /// Three requests, each encoding then ranking: fixed work, so energy follows <paramref name="factor"/> (Encode's
    /// share) and <paramref name="scale"/> (the whole scenario's).
    /// </summary>
    public static void Pipeline(double factor, double scale)
    {
        for (var request = 0; request < 3; request++)
        {
            Measure("Sites.Encode", () => Encode(factor * scale));
            Measure("Sites.Rank", () => Rank(scale));
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Encode(double work) => SquareRoots((long)(work * 10_000_000));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Rank(double work) => SquareRoots((long)(work * 10_000_000));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SquareRoots(long count)
    {
        var x = 1.0;
        for (var i = 0L; i < count; i++)
        {
            x = Math.Sqrt(x + 1.5);
        }

        GC.KeepAlive(x);
    }

    /// <summary>The sleepy thread's loop. Its name holds no site's name: the comparison matches sites by name, and a
    /// sample on the loop's own lines (between the two calls) counted for both Compute and Rest.</summary>
    public static void Alternate()
    {
        while (Stopwatch.GetTimestamp() < Until)
        {
            Compute();
            Rest();
        }
    }

    // These two read the clock inside their own frames (Measure reads it in its caller's): EventPipe catches a thread
    // that was runnable but off the CPU when a sample began at its first safe point once it runs, and after Compute's
    // 20 ms burst that was mostly the clock's P/Invoke return (docs/profiler.md, accuracy).
    // Read outside the site, those samples were billed to the clock's frames, which the comparison leaves out, while
    // the CPU they stand for was Compute's: Compute came out 1–3 pp low beside many threads, where a run holds some
    // 17 running samples of this thread. Inside, the profiler and the truth look at the same frames.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Compute()
    {
        var start = ThreadCpuClock.Nanoseconds();
        DutyCycle(busyMs: 20, idleMs: 0, once: true);
        Record("Sites.Compute", start);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Rest()
    {
        var start = ThreadCpuClock.Nanoseconds();
        Thread.Sleep(20);
        Record("Sites.Rest", start);
    }

    private static void Measure(string site, Action work)
    {
        var start = ThreadCpuClock.Nanoseconds();
        work();
        Record(site, start);
    }

    /// <summary>Adds the calling thread's CPU since <paramref name="start"/> to the site's truth.</summary>
    private static void Record(string site, long start)
    {
        var cpu = ThreadCpuClock.Nanoseconds() - start;
        Truth.AddOrUpdate(site, cpu, (_, total) => total + cpu);
    }

    /// <summary>Shared helper; the profiler tests roll it up (RollUpMethodPrefixes) so its cost lands on each site.</summary>
    private static void DutyCycle(int busyMs, int idleMs, bool once = false)
    {
        var x = 1.0;
        do
        {
            var busyUntil = Stopwatch.GetTimestamp() + (busyMs * Stopwatch.Frequency / 1000);
            while (Stopwatch.GetTimestamp() < busyUntil)
            {
                x = Math.Sqrt(x + 1.5);
            }

            if (idleMs > 0)
            {
                Thread.Sleep(idleMs);
            }
        }
        while (!once && Stopwatch.GetTimestamp() < Until);

        GC.KeepAlive(x);
    }
}
