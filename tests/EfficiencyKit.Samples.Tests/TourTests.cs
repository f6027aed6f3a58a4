using System.Diagnostics;
using EfficiencyKit.Samples.Tests.Infrastructure;

namespace EfficiencyKit.Samples.Tests;

/// <summary>The README's main job, samples/tour.sh, runs end to end (on the smaller --quick workload).</summary>
[Collection(SamplesCollection.Name)]
public sealed class TourTests
{
    [Fact]
    public async Task The_tour_shows_findings_profiles_both_samples_and_prints_before_and_after()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var repo = SampleApps.RepoRoot;
        var start = new ProcessStartInfo("bash", [Path.Combine(repo, "samples", "tour.sh"), "--quick"])
        {
            WorkingDirectory = repo,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"tour.sh exited with {process.ExitCode}:\n{output}\n{await error}");
        Assert.Contains("warning EK1001: 'InferenceSession' is created on every iteration", output, StringComparison.Ordinal);
        Assert.Contains("warning EK1101: 'GenerateVectorAsync' embeds one input per iteration", output, StringComparison.Ordinal);
        Assert.Contains("Total per embedding", output, StringComparison.Ordinal);
        Assert.Contains("Total per ticket", output, StringComparison.Ordinal);
        foreach (var report in new[] { "DocumentSearch.before", "DocumentSearch.after", "TicketTriage.before", "TicketTriage.after" })
        {
            var html = Path.Combine(repo, "artifacts", "tour", report + ".1.html");
            Assert.True(File.Exists(html), $"{report}.1.html is missing");

            // Rendered with the stacks, not from report.json alone: the page carries its flame graph.
            Assert.Contains("id=\"flame-data\"", File.ReadAllText(html), StringComparison.Ordinal);
        }

        // The remote calls were seen, with the model each version drafts with (the console table wraps its cells).
        Assert.Contains("\"model\": \"gpt-4o\"", File.ReadAllText(Path.Combine(repo, "artifacts", "tour", "TicketTriage.before.1.json")), StringComparison.Ordinal);
        var after = File.ReadAllText(Path.Combine(repo, "artifacts", "tour", "TicketTriage.after.1.json"));
        Assert.Contains("\"model\": \"gpt-4o-mini\"", after, StringComparison.Ordinal);
        Assert.DoesNotContain("\"model\": \"gpt-4o\"", after, StringComparison.Ordinal);
    }
}
