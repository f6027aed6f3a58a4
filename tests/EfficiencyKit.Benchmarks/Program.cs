using System.Threading.Tasks;
using BenchmarkDotNet.Running;
using EfficiencyKit.Benchmarks;

// "profiler-overhead" is a measured harness (it runs whole processes); everything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "profiler-overhead")
{
    await ProfilerOverhead.RunAsync(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ClientCreationBenchmarks).Assembly).Run(args);
