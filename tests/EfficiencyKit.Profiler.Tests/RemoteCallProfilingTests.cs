using System.Reflection;
using System.Text.Json;
using EfficiencyKit.Energy.Llm;
using EfficiencyKit.Profiler.Analysis;
using EfficiencyKit.Profiler.Collection;
using EfficiencyKit.Profiler.Reports;

namespace EfficiencyKit.Profiler.Tests;

/// <summary>
/// The profiler on an app that uses EfficiencyKit.Runtime: chat calls through the OpenAI SDK (pipeline policy) and
/// through Microsoft.Extensions.AI (IChatClient wrapper) to a stand-in OpenAI-compatible endpoint that reports
/// 212 input and 150 output tokens per chat call, an embeddings batch of 8, and a local inference scope. The workload
/// prints the line of each call; the report must put the remote joules there, in their own column.
/// </summary>
public sealed class RemoteCallProfilingTests : IClassFixture<RemoteCallProfilingTests.Profile>
{
    private const double JoulesPerWattHour = 3600;
    private const int OutputTokensPerCall = 150;
    private readonly Profile _profile;

    public RemoteCallProfilingTests(Profile profile) => _profile = profile;

    [Theory]
    [InlineData("Summarize", "gpt-4o-mini-2024-07-18", 4)]
    [InlineData("DraftReply", "gpt-4o-2024-08-06", 3)]
    public void Chat_calls_are_billed_to_their_line_with_the_estimate_of_the_tokens_returned(string site, string model, int calls)
    {
        var remote = Assert.Single(_profile.Report.RemoteCalls, r => r.Line == _profile.Lines[site]);

        Assert.EndsWith("Program.cs", remote.File, StringComparison.Ordinal);
        Assert.Contains(site, remote.Method, StringComparison.Ordinal);
        Assert.Equal((model, "chat", "openai"), (remote.Model, remote.Kind, remote.Provider));
        Assert.Equal((calls, calls, 0), (remote.Calls, remote.EstimatedCalls, remote.Failed));
        Assert.Equal(calls * 212L, remote.InputTokens);
        Assert.Equal(calls * (long)OutputTokensPerCall, remote.OutputTokens);

        var one = new LlmEnergyModel().Estimate(model, OutputTokensPerCall)!;
        Assert.Equal(calls * one.MinJoules, remote.MinJoules!.Value, 6);
        Assert.Equal(calls * one.MaxJoules, remote.MaxJoules!.Value, 6);
    }

    [Theory]
    [InlineData("Summarize", 0.045, 0.057)]
    [InlineData("DraftReply", 1.06, 1.92)]
    public void Remote_joules_match_EcoLogits_published_worked_example_scaled_to_the_tokens_returned(string site, double minWattHoursPer500, double maxWattHoursPer500)
    {
        // EcoLogits' worked example gives Wh for 500 output tokens; both its terms are proportional to output tokens.
        var remote = _profile.Report.RemoteCalls.Single(r => r.Line == _profile.Lines[site]);
        var scale = remote.OutputTokens / 500.0 * JoulesPerWattHour;

        Assert.InRange(remote.MinJoules!.Value, minWattHoursPer500 * scale * 0.985, minWattHoursPer500 * scale * 1.015);
        Assert.InRange(remote.MaxJoules!.Value, maxWattHoursPer500 * scale * 0.985, maxWattHoursPer500 * scale * 1.015);
        Assert.Contains("output tokens only", remote.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void An_embeddings_batch_is_one_call_of_eight_items_whose_energy_is_not_made_up()
    {
        var remote = Assert.Single(_profile.Report.RemoteCalls, r => r.Line == _profile.Lines["Embed"]);

        Assert.Equal(("embeddings", 1, 8L, 72L), (remote.Kind, remote.Calls!.Value, remote.Items, remote.InputTokens));
        Assert.Null(remote.MinJoules);
        Assert.Contains("embeddings have none", remote.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Remote_totals_add_up_and_are_not_part_of_the_process_joules()
    {
        var totals = _profile.Report.Remote!;

        Assert.Equal((8, 7), (totals.Calls, totals.EstimatedCalls));
        Assert.Equal(_profile.Report.RemoteCalls.Sum(r => r.MinJoules ?? 0), totals.MinJoules, 9);
        Assert.Equal(_profile.Report.RemoteCalls.Sum(r => r.MaxJoules ?? 0), totals.MaxJoules, 9);
        Assert.True(totals.MinJoules > _profile.Report.Totals.ProcessJoules, "the stand-in's estimate dwarfs the process");
        Assert.True(_profile.Report.Conservation.WithinOnePercent);
    }

    [Fact]
    public void The_local_inference_scope_gets_the_CPU_joules_of_its_work_at_its_line()
    {
        var local = Assert.Single(_profile.Report.LocalInference);
        var classify = _profile.Report.CallSites.Where(s => s.Method.Contains("Classify", StringComparison.Ordinal)).Sum(s => s.Joules);

        Assert.Equal(("intent-model", _profile.Lines["Classify"], 1, 16L), (local.Model, local.Line, local.Scopes, local.Rows));
        Assert.InRange(local.Seconds, 1.5, 3);

        // The scope's thread ran only Classify's loop while it was open: the same samples, the same joules.
        Assert.InRange(local.Joules, 0.9 * classify, 1.1 * classify);
        Assert.True(local.Joules > 0);
    }

    [ChromiumFact]
    public void The_HTML_report_renders_in_headless_Chromium_with_its_flame_graph_and_remote_calls()
    {
        var page = Path.Combine(_profile.Directory, "energy-report.html");
        using (var writer = new StreamWriter(page))
        {
            HtmlReportWriter.Write(_profile.Report, _profile.Stacks, new HtmlReportOptions { Unit = new FunctionalUnit("ticket", 8) }, writer);
        }

        // --dump-dom prints the DOM after the page's script ran: the flame graph exists only if the script worked.
        var dom = HeadlessChromium.Run(page, "--dump-dom");
        var rendered = System.Text.RegularExpressions.Regex.Match(dom, "<svg id=\"flame\"[^>]*data-rendered=\"(\\d+)\"");
        Assert.True(rendered.Success, "the flame graph script did not run");
        Assert.InRange(int.Parse(rendered.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 10, 100_000);
        Assert.Contains("class=\"frame user\"", dom, StringComparison.Ordinal);
        Assert.Contains($"Program.cs:{_profile.Lines["Summarize"]}", dom, StringComparison.Ordinal);
        Assert.Contains("id=\"card-remote\"", dom, StringComparison.Ordinal);
        Assert.Contains("Per ticket", dom, StringComparison.Ordinal);
        Assert.Contains("intent-model", dom, StringComparison.Ordinal);

        var screenshot = Path.Combine(_profile.Directory, "energy-report.png");
        HeadlessChromium.Run(page, $"--screenshot={screenshot}", "--window-size=1280,1600", "--hide-scrollbars");
        var image = PngImage.Read(screenshot);
        Assert.Equal((1280, 1600), (image.Width, image.Height));
        Assert.True(image.DistinctColours > 50, $"the screenshot has {image.DistinctColours} colours: the page looks blank");
    }

    [Fact]
    public void The_report_with_AI_sections_keeps_to_the_schema()
        => ReportSchemaTests.AssertValid(EnergyReportJson.Serialize(_profile.Report));

    /// <summary>One profiled run of the workload, shared by the tests.</summary>
    public sealed class Profile : IDisposable
    {
        private static readonly string s_workload = typeof(RemoteCallProfilingTests).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RuntimeWorkloadPath").Value!;

        private readonly string _directory = Path.Combine(Path.GetTempPath(), "ek-remote-" + Guid.NewGuid().ToString("N")[..8]);

        public Profile()
        {
            Assert.True(File.Exists(s_workload), $"The workload is not built: {s_workload}");
            var result = Task.Run(() => Collector.LaunchAsync(
                "dotnet",
                [s_workload],
                new CollectionOptions { OutputDirectory = _directory, CaptureTargetOutput = true },
                CancellationToken.None)).GetAwaiter().GetResult();
            Assert.True(result.TargetExitCode == 0, $"workload failed: {result.TargetOutput}");
            Lines = JsonSerializer.Deserialize<Dictionary<string, int>>(result.TargetOutput!.Trim().Split('\n').Last())!;
            (Report, Stacks) = ProfileAnalysis.Analyze(result.Directory, new AnalysisOptions());
        }

        public string Directory => _directory;

        public Dictionary<string, int> Lines { get; }

        public EnergyReport Report { get; }

        public IReadOnlyList<WeightedStack> Stacks { get; }

        public void Dispose() => System.IO.Directory.Delete(_directory, recursive: true);
    }
}
