using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// What our analyzers add to an analysis run, seen from outside the driver (<c>analyzer-cost --marginal</c>): the same
/// compilation analysed with NetAnalyzers alone and with NetAnalyzers and ours (or some of ours, or two analyzers with empty
/// callbacks: <c>--marginal-of</c>), alternately, each on a fresh compilation,
/// with the analyzer execution log off as in a plain build. Roslyn's per-analyzer telemetry charges an analyzer for all
/// that its callbacks wait on, including binding a method body or reading a referenced assembly's types that the driver
/// or another analyzer would otherwise have done a moment later, uncharged; the difference of two whole runs counts
/// only the work that would not have happened without ours.
/// </summary>
internal static class AnalyzerMarginalCost
{
    public static async Task RunAsync(Func<CSharpCompilation> compile, ImmutableArray<DiagnosticAnalyzer> netAnalyzers, ImmutableArray<DiagnosticAnalyzer> added, int repeats, bool warmUp)
    {
        var alone = new List<(double Wall, double Cpu)>();
        var both = new List<(double Wall, double Cpu)>();
        // Two warm-up pairs: after one, the first measured pair showed one of the largest differences in all four runs
        // (+9 to +30% wall), likely tiered JIT still recompiling both analyzer sets.
        for (var repeat = warmUp ? -1 : 1; repeat <= repeats; repeat++)
        {
            // Which configuration goes first alternates, so that a drift in the machine's speed falls on both alike.
            var addedFirst = (repeat & 1) == 1;
            var first = await MeasureAsync(compile(), addedFirst ? netAnalyzers.AddRange(added) : netAnalyzers);
            var second = await MeasureAsync(compile(), addedFirst ? netAnalyzers : netAnalyzers.AddRange(added));
            var (withoutAdded, withAdded) = addedFirst ? (second, first) : (first, second);
            Console.WriteLine(FormattableString.Invariant(
                $"{(repeat <= 0 ? "warm-up" : $"repeat {repeat}")} ({(addedFirst ? "with the added ones first" : "NetAnalyzers alone first")}): NetAnalyzers alone {withoutAdded.Wall:F2} s wall / {withoutAdded.Cpu:F2} s CPU, with the added ones {withAdded.Wall:F2} s / {withAdded.Cpu:F2} s: they add {Percent(withAdded.Wall, withoutAdded.Wall):+0.0;-0.0}% wall, {Percent(withAdded.Cpu, withoutAdded.Cpu):+0.0;-0.0}% CPU"));
            if (repeat > 0)
            {
                alone.Add(withoutAdded);
                both.Add(withAdded);
            }
        }

        if (alone.Count == 0)
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant($"{alone.Count} pairs (after two warm-up pairs), median [min–max] of the pairs:"));
        Console.WriteLine("| analysis run | NetAnalyzers alone (s) | NetAnalyzers + the added ones (s) | added |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| wall | {AnalyzerCostRun.Spread(alone.Select(a => a.Wall), "F2")} | {AnalyzerCostRun.Spread(both.Select(b => b.Wall), "F2")} | {AnalyzerCostRun.Spread(alone.Zip(both, (a, b) => Percent(b.Wall, a.Wall)), "F1")}% |");
        Console.WriteLine($"| process CPU | {AnalyzerCostRun.Spread(alone.Select(a => a.Cpu), "F2")} | {AnalyzerCostRun.Spread(both.Select(b => b.Cpu), "F2")} | {AnalyzerCostRun.Spread(alone.Zip(both, (a, b) => Percent(b.Cpu, a.Cpu)), "F1")}% |");
    }

    private static async Task<(double Wall, double Cpu)> MeasureAsync(CSharpCompilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        // As the telemetry run does: compile first, then start the analysis from a collected heap.
        _ = compilation.GetDiagnostics();
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        _ = await withAnalyzers.GetAnalysisResultAsync(default);
        var wall = watch.Elapsed.TotalSeconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
    }

    private static double Percent(double with, double without) => 100 * (with - without) / without;
}
