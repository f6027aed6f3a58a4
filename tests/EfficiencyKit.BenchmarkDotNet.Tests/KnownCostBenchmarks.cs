using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;

namespace EfficiencyKit.BenchmarkDotNet.Tests;

/// <summary>Two single-threaded, CPU-bound methods; <see cref="Three"/> does exactly three times the work of <see cref="One"/>.</summary>
public class KnownCostBenchmarks
{
    private const int Units = 200_000;

    [Benchmark(Baseline = true)]
    public double One() => Work(Units);

    [Benchmark]
    public double Three() => Work(3 * Units);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Work(int units)
    {
        var x = 1.0;
        for (var i = 0; i < units; i++)
        {
            x = Math.Sqrt(x + i);
        }

        return x;
    }
}
