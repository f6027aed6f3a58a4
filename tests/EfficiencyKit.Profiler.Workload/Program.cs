using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using EfficiencyKit.Profiler.Workload;

// Usage: Workload <scenario> <seconds>
//   split: three call sites on three threads at 60/30/10 duty cycles (1.0 CPU in all).
//   sleepy: one call site alternating 20 ms compute and 20 ms Thread.Sleep, one busy call site.
var scenario = args.Length > 0 ? args[0] : "split";
var seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
var until = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
var truth = new Dictionary<string, long>();

Thread Start(string site, Action<long> work)
{
    var thread = new Thread(() =>
    {
        var start = ThreadCpuClock.Nanoseconds();
        work(until);
        lock (truth)
        {
            truth[site] = ThreadCpuClock.Nanoseconds() - start;
        }
    }) { Name = site, IsBackground = false };
    thread.Start();
    return thread;
}

Thread[] threads = scenario switch
{
    "split" => [Start("Sites.Burn60", Sites.Burn60), Start("Sites.Burn30", Sites.Burn30), Start("Sites.Burn10", Sites.Burn10)],
    "sleepy" => [Start("Sites.ComputeThenSleep", Sites.ComputeThenSleep), Start("Sites.Busy", Sites.Busy)],
    _ => throw new ArgumentException($"unknown scenario '{scenario}'"),
};

foreach (var thread in threads)
{
    thread.Join();
}

Console.WriteLine(JsonSerializer.Serialize(truth));

/// <summary>The call sites. Each spins in its own body (so the call site is this method) with a duty cycle.</summary>
internal static class Sites
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Burn60(long until) => DutyCycle(until, busyMs: 6, idleMs: 4);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Burn30(long until) => DutyCycle(until, busyMs: 3, idleMs: 7);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Burn10(long until) => DutyCycle(until, busyMs: 1, idleMs: 9);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ComputeThenSleep(long until) => DutyCycle(until, busyMs: 20, idleMs: 20);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Busy(long until) => DutyCycle(until, busyMs: 10, idleMs: 0);

    /// <summary>Inlined into each site on purpose: the spinning frame must be the site, not a shared helper.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DutyCycle(long until, int busyMs, int idleMs)
    {
        var x = 1.0;
        while (Stopwatch.GetTimestamp() < until)
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

        GC.KeepAlive(x);
    }
}
