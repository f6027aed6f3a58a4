using System.Reflection;
using EfficiencyKit.Profiler.Analysis;
using EfficiencyKit.Profiler.Collection;
using EfficiencyKit.Tests.Shared;
using Microsoft.Diagnostics.Symbols;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.EventPipe;
using Xunit.Abstractions;

namespace EfficiencyKit.Profiler.Tests;

/// <summary>
/// The method-load session names frames the way the rundown does: on a run that ends normally (so its chunk has a
/// rundown), every user frame the rundown names gets the same method, module and line from the jitted-method map.
/// </summary>
[Collection(MeasuredAccuracyCollection.Name)]
public sealed class JittedMethodMapTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string s_workload = typeof(JittedMethodMapTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "WorkloadPath").Value!;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ek-jitted-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Every_user_frame_the_rundown_names_gets_the_same_name_and_line_from_the_jitted_methods()
    {
        // No budget, so the chunk's own session samples and its rundown names the frames, for TraceLog to compare with.
        var result = await Collector.LaunchAsync("dotnet", [s_workload, "split", "1.5"], new CollectionOptions { OutputDirectory = _directory, CaptureTargetOutput = true, OverheadBudget = 1 }, CancellationToken.None);
        Assert.Equal(0, result.TargetExitCode);
        var map = JittedMethodMap.Load([Path.Combine(_directory, CollectionFiles.MethodLoads)]);
        Assert.NotNull(map);

        var trace = Path.Combine(_directory, CollectionFiles.TraceName(0));
        var etlx = Path.ChangeExtension(trace, ".etlx");
        TraceLog.CreateFromEventPipeDataFile(trace, etlx, new TraceLogOptions { ContinueOnError = true, ConversionLog = TextWriter.Null });
        using var log = new TraceLog(etlx);
        using var symbols = new SymbolReader(TextWriter.Null) { SecurityCheck = _ => true };
        var compared = new Dictionary<ulong, (string Rundown, string Jitted)>();
        foreach (var traceEvent in log.Events)
        {
            if (traceEvent is not ClrThreadSampleTraceData sample)
            {
                continue;
            }

            for (var frame = sample.CallStack(); frame is not null; frame = frame.Caller)
            {
                var address = frame.CodeAddress;
                if (compared.ContainsKey(address.Address) || string.IsNullOrEmpty(address.FullMethodName) || !FrameClassifier.IsUserModule(address.ModuleName ?? "?"))
                {
                    continue;
                }

                var line = address.GetSourceLine(symbols)?.LineNumber is { } raw ? SourceLines.Visible(raw) : null;
                var jitted = map.Resolve(address.Address, symbols);
                compared.Add(address.Address, ($"{address.FullMethodName} [{address.ModuleName}] :{line}", jitted is null ? "(none)" : $"{jitted.Method} [{jitted.Module}] :{jitted.Line}"));
            }
        }

        foreach (var (rundown, jitted) in compared.Values.Where(c => c.Rundown != c.Jitted))
        {
            output.WriteLine($"rundown {rundown}\n jitted {jitted}");
        }

        Assert.True(compared.Count >= 5, $"only {compared.Count} user frames");
        Assert.All(compared.Values, c => Assert.Equal(c.Rundown, c.Jitted));
    }

    [Fact]
    public async Task A_target_that_dies_mid_chunk_is_named_from_the_method_loads_and_without_them_the_report_says_names_are_missing()
    {
        // FailFast 0.9 s into the fourth 1 s chunk: that chunk gets no rundown, and the methods were jitted in the first.
        var result = await Collector.LaunchAsync(
            "dotnet",
            [s_workload, "ending", "3.9", "failfast"],
            new CollectionOptions { OutputDirectory = _directory, CaptureTargetOutput = true, ChunkDuration = TimeSpan.FromSeconds(1) },
            CancellationToken.None);
        Assert.Equal(134, result.TargetExitCode);
        var options = new AnalysisOptions { RollUpMethodPrefixes = WorkloadSites.RollUp };

        var named = ProfileAnalysis.Analyze(_directory, options).Report;
        File.Delete(Path.Combine(_directory, CollectionFiles.MethodLoads));
        var unnamed = ProfileAnalysis.Analyze(_directory, options).Report;

        double BurnShare(Reports.EnergyReport report) => report.CallSites.Where(site => site.Method.Contains("Burn", StringComparison.Ordinal)).Sum(site => site.Percent);
        output.WriteLine($"with the method loads: {BurnShare(named):F1}% to the sites, {named.Sampling.UnnamedSamples} of {named.Sampling.StackSamples} unnamed; without: {BurnShare(unnamed):F1}%, {unnamed.Sampling.UnnamedSamples} unnamed");
        Assert.Equal(0, named.Sampling.UnnamedSamples);
        // The names are checked above (no sample unnamed); this checks that the sites keep the bulk of the energy billed to
        // call sites. The rest of the process's energy is the buckets: the runtime's tiering thread, the profiler's
        // sessions and exited threads, which take more on a busy machine (the sites' share of the whole was 83.3% in one
        // clean CI run on 2026-12-03, 84-89% in others, 77.6% in one beside other test classes).
        var toSites = named.CallSites.Sum(site => site.Percent);
        Assert.True(BurnShare(named) > 0.9 * toSites, $"{BurnShare(named):F1}% of {toSites:F1}% billed to call sites");

        // Without them, how much of the last chunk goes unnamed depends on where the rotations fell under load (from
        // 0.4% to 27% of the samples, measured), so this only checks that the report says so when it is over a tenth.
        Assert.True(unnamed.Sampling.UnnamedSamples >= named.Sampling.UnnamedSamples);
        Assert.Equal(unnamed.Sampling.UnnamedSamples > 0.1 * unnamed.Sampling.StackSamples, unnamed.Sampling.NamesMissing);
        Assert.Equal(unnamed.Sampling.NamesMissing, unnamed.Notes.Any(note => note.Contains("name no method (no rundown and no method-load trace)", StringComparison.Ordinal)));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
