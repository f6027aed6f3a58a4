using System.Reflection;
using EfficiencyKit.Profiler.Analysis;
using EfficiencyKit.Profiler.Collection;
using EfficiencyKit.Profiler.Reports;
using EfficiencyKit.Tests.Shared;
using Xunit.Abstractions;

namespace EfficiencyKit.Profiler.Tests;

/// <summary>
/// The profiler against a real .NET process whose call sites measure their own CPU time
/// (CLOCK_THREAD_CPUTIME_ID): every site's share of the energy must be within 2 percentage points of its share
/// of the CPU, and the parts must add up to the whole within 1%.
/// </summary>
[Collection(MeasuredAccuracyCollection.Name)]
public sealed class ProfilerValidationTests(ITestOutputHelper output) : IDisposable
{
    private const double TolerancePoints = 2.0;
    private static readonly string s_workload = typeof(ProfilerValidationTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "WorkloadPath").Value!;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ek-profile-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Call_sites_on_three_threads_get_their_CPU_share()
    {
        var (report, truth) = await ProfileAsync("split");

        AssertShares(report, truth, ["Burn60", "Burn30", "Burn10"]);
        Assert.True(report.Conservation.WithinOnePercent, $"conservation error {report.Conservation.RelativeError:P2}");
        Assert.All(report.CallSites.Where(s => s.Method.Contains("Burn", StringComparison.Ordinal)), site =>
        {
            Assert.EndsWith("Program.cs", site.File, StringComparison.Ordinal);
            Assert.True(site.Line > 0);
            Assert.Equal(1 / Math.Sqrt(site.Samples), site.SamplingUncertainty!.Value, 12);
        });

        // The report states its own cost: the interval the tool set, and the threads each sample walks (the three
        // burning threads and Main, at least).
        Assert.Equal(10, report.Sampling.SamplingIntervalMilliseconds);

        // Hidden sequence points (line 0 or 0xFEEFEE) are unknown lines, never "Program.cs:0".
        Assert.DoesNotContain(report.CallSites, site => site.Line is 0 or 0xFEEFEE);
        Assert.InRange(report.Sampling.ThreadsSampled, 4, 20);
    }

    [Fact]
    public async Task A_call_site_that_sleeps_gets_its_CPU_share_not_its_wall_share()
    {
        // Six seconds, not three, for more samples on the thread that sleeps half the time. Its sites read the CPU
        // clock inside their own frames: read outside, the clock's P/Invoke frames drew samples that stood for
        // Compute's CPU, and Compute came out 1-3.5 pp low (docs/profiler.md, accuracy).
        var (report, truth) = await ProfileAsync("sleepy", seconds: 6);

        AssertShares(report, truth, ["Compute", "Rest", "Busy"]);
        var rest = report.CallSites.Where(s => s.Method.Contains("Rest", StringComparison.Ordinal)).Sum(s => s.Joules);
        var compute = report.CallSites.Where(s => s.Method.Contains("Compute", StringComparison.Ordinal)).Sum(s => s.Joules);
        Assert.True(rest < 0.05 * (rest + compute), $"the sleeping site got {rest:F3} J of its thread's {rest + compute:F3} J");
    }

    [Fact]
    public async Task Report_and_timeline_survive_a_round_trip_through_their_files()
    {
        var (report, _) = await ProfileAsync("split");
        var path = Path.Combine(_directory, CollectionFiles.Report);

        EnergyReportJson.Write(report, path);
        ReportSchemaTests.AssertValid(File.ReadAllText(path));
        var read = EnergyReportJson.Read(path);
        var again = ProfileAnalysis.Analyze(_directory, Options).Report;

        Assert.Equal(report.Totals, read.Totals);
        Assert.Equal(report.CallSites, read.CallSites);
        Assert.Equal(report.Sources.Select(s => (s.Kind, s.Origin, s.Scope)), read.Sources.Select(s => (s.Kind, s.Origin, s.Scope)));
        Assert.Equal(report.Totals.ProcessJoules, again.Totals.ProcessJoules, 9);
    }

    [Fact]
    public async Task Native_pool_CPU_is_billed_to_the_managed_call_site_waiting_for_it()
    {
        // The JIT inlines the P/Invoke stub, so the managed frame waiting in native code is Sites.Infer itself.
        var options = Options with { NativeBoundaryMethodPrefixes = [.. Options.NativeBoundaryMethodPrefixes, "Sites.Infer"] };
        var (report, truth) = await ProfileAsync("native", options);

        AssertShares(report, truth, ["Infer", "Busy"]);
        AssertNativeCpuBilledTo(report, "Infer");
    }

    [Fact]
    public async Task Onnx_runtime_intra_op_worker_CPU_is_billed_to_the_managed_Run_caller()
    {
        // Real ONNX Runtime 1.32, two intra-op threads: its worker thread never runs managed code, and the default
        // native boundaries (InferenceSession.Run) must bill it to Sites.Classify, which calls Run. No option added.
        var (report, truth) = await ProfileAsync("ort");

        AssertShares(report, truth, ["Classify", "Busy"]);
        AssertNativeCpuBilledTo(report, "Classify");
    }

    [Fact]
    public async Task A_collection_in_one_second_chunks_counts_every_sample_once_and_stays_accurate()
    {
        // 3.5 s, so the target exits mid-chunk. With whole seconds it exits about 0.2 s after a rotation, and once in
        // five CI runs the target then ended with a non-zero code after printing its output: an EventPipe session
        // starting or stopping during runtime shutdown (the issue note records this as open).
        var (report, truth) = await ProfileAsync("split", chunk: TimeSpan.FromSeconds(1), seconds: 3.5);

        var timeline = CollectionTimeline.Load(CollectionFiles.TimelinePath(_directory));
        Assert.True(timeline.Chunks.Count >= 3, $"{timeline.Chunks.Count} chunks");
        var samples = TraceSampleReader.ReadChunks(_directory, timeline).Samples;
        var duplicates = samples.GroupBy(s => (s.ThreadId, s.UtcTicks)).Count(g => g.Count() > 1);
        Assert.Equal(0, duplicates);
        Assert.Equal(report.Sampling.StackSamples, samples.Count);
        AssertShares(report, truth, ["Burn60", "Burn30", "Burn10"]);
        Assert.True(report.Conservation.WithinOnePercent);
    }

    [Theory]
    [InlineData("split", new[] { "Burn60", "Burn30", "Burn10" })]
    [InlineData("ort", new[] { "Classify", "Busy" })]
    public async Task A_target_with_hundreds_of_threads_is_sampled_in_windows_and_its_sites_keep_their_shares(string scenario, string[] sites)
    {
        // 400 idle managed threads beside the workload's own: sampling all the time would cost about 14% at 10 ms
        // (docs/profiler.md, "Overhead"), so the schedule samples in windows and bills the time between them from the
        // nearest window. The sites run steadily, so the nearest window's stacks stand for the gaps.
        var (report, truth) = await ProfileAsync(scenario, seconds: 5, idleThreads: 400);

        Assert.InRange(report.Sampling.SampledTimeShare, 0.05, 0.6);
        Assert.True(report.Sampling.SamplingWindows >= 2, $"{report.Sampling.SamplingWindows} windows");
        Assert.True(report.Sampling.ThreadsSampled > 400, $"{report.Sampling.ThreadsSampled} threads sampled");
        AssertShares(report, truth, sites);
        Assert.True(report.Conservation.WithinOnePercent);
        var unsampled = report.Buckets.Where(b => b.Kind == "unsampled").Sum(b => b.Joules);
        Assert.True(unsampled < 0.05 * report.Totals.ProcessJoules, $"{unsampled:F3} J of {report.Totals.ProcessJoules:F3} J went to threads without samples");
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static AnalysisOptions Options => new() { RollUpMethodPrefixes = WorkloadSites.RollUp };

    private async Task<(EnergyReport Report, Dictionary<string, long> Truth)> ProfileAsync(string scenario, AnalysisOptions? options = null, TimeSpan? chunk = null, double seconds = 3, int idleThreads = 0)
    {
        Assert.True(File.Exists(s_workload), $"The workload is not built: {s_workload}");
        var collection = new CollectionOptions { OutputDirectory = _directory, CaptureTargetOutput = true };
        var result = await Collector.LaunchAsync(
            "dotnet",
            [s_workload, scenario, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), .. idleThreads > 0 ? [$"idle={idleThreads}"] : Array.Empty<string>()],
            chunk is { } duration ? collection with { ChunkDuration = duration } : collection,
            CancellationToken.None);
        Assert.True(result.TargetExitCode == 0, $"workload exited with code {result.TargetExitCode}: {result.TargetOutput}");

        var truth = WorkloadSites.ReadTruth(result.TargetOutput!);
        var report = ProfileAnalysis.Analyze(result.Directory, options ?? Options).Report;
        output.WriteLine($"truth (ns): {string.Join(", ", truth.Select(t => $"{t.Key}={t.Value}"))}");
        foreach (var site in report.CallSites.Take(6))
        {
            output.WriteLine($"{site.Percent,6:F2}% {site.Joules,8:F3} J {site.CpuSeconds,6:F3} s {site.Samples,5} {site.Method} :{site.Line}");
        }

        foreach (var bucket in report.Buckets)
        {
            output.WriteLine($"bucket {bucket.Name}: {bucket.Joules:F3} J");
        }

        return (report, truth);
    }

    /// <summary>Native threads' CPU reached <paramref name="caller"/>: under 5% of its energy stayed in the native bucket.</summary>
    private static void AssertNativeCpuBilledTo(EnergyReport report, string caller)
    {
        var native = report.Buckets.Where(b => b.Kind == "native").Sum(b => b.Joules);
        var billed = report.CallSites.Where(s => s.Method.Contains(caller, StringComparison.Ordinal)).Sum(s => s.Joules);
        Assert.True(native < 0.05 * billed, $"{native:F3} J of native CPU stayed unattributed against {billed:F3} J billed to {caller}");
    }

    /// <summary>Each site's share of the energy billed to these sites vs its share of their measured CPU.</summary>
    private void AssertShares(EnergyReport report, Dictionary<string, long> truth, string[] sites)
    {
        var (shares, joules) = WorkloadSites.Compare(report, truth, sites);
        Assert.True(joules > 0, "no energy was billed to the workload's call sites");
        foreach (var share in shares)
        {
            output.WriteLine($"{share.Site}: measured CPU share {share.CpuPercent:F2}%, energy share {share.EnergyPercent:F2}%, difference {share.ErrorPoints:+0.00;-0.00} pp");
            Assert.True(Math.Abs(share.ErrorPoints) <= TolerancePoints, $"{share.Site}: energy share {share.EnergyPercent:F2}% vs CPU share {share.CpuPercent:F2}% (more than {TolerancePoints} pp apart)");
        }
    }
}
