using BenchmarkDotNet.Running;
using EfficiencyKit.Benchmarks;

// "profiler-overhead", "profiler-overhead-interleaved", "profiler-accuracy", "onnx-toolkit", "onnx-coverage", "analyzer-corpus", "analyzer-cost", "analyzer-fixes", "sample-savings" and "ort-settings" are measured harnesses;
// everything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "profiler-overhead")
{
    await ProfilerOverhead.RunAsync(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "profiler-overhead-interleaved")
{
    await ProfilerOverheadInterleaved.RunAsync(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "profiler-accuracy")
{
    await ProfilerAccuracy.RunAsync(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "onnx-toolkit")
{
    OnnxToolkitBenchmark.Run(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "onnx-coverage")
{
    OnnxCostCoverageRun.Run(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "analyzer-corpus")
{
    await AnalyzerCorpusRun.RunAsync(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "analyzer-cost")
{
    await AnalyzerCostRun.RunAsync(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "sample-savings")
{
    await SampleSavingsRun.RunAsync(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "analyzer-fixes")
{
    await CodeFixCorpusRun.RunAsync(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "ort-settings")
{
    OrtSettingsRun.Run(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "onnx-toolkit-child")
{
    OnnxToolkitBenchmark.RunChild(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ClientCreationBenchmarks).Assembly).Run(args);
