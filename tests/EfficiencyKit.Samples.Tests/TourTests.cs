using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using EfficiencyKit.Samples.Tests.Infrastructure;

namespace EfficiencyKit.Samples.Tests;

/// <summary>The README's main job, samples/tour.sh, runs end to end (on the smaller --quick workload).</summary>
[Collection(SamplesCollection.Name)]
public sealed class TourTests
{
    [SampleRunFact]
    public async Task The_tour_shows_findings_profiles_both_samples_and_prints_before_and_after()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var repo = Path.GetDirectoryName(Path.GetDirectoryName(SampleApps.ProjectPath(SampleApps.Wasteful)))!;
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
        Assert.Contains("TicketTriage.ReplyDrafter.Draft (remote, estimated)", output, StringComparison.Ordinal);
        foreach (var report in new[] { "DocumentSearch.before", "DocumentSearch.after", "TicketTriage.before", "TicketTriage.after" })
        {
            Assert.True(File.Exists(Path.Combine(repo, "artifacts", "tour", report + ".html")), $"{report}.html is missing");
        }
    }
}
