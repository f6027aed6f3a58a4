using EfficiencyKit.EndToEnd.Tests.Infrastructure;

namespace EfficiencyKit.EndToEnd.Tests;

/// <summary>The analyzers as users get them: restored from the packed package and run by <c>dotnet build</c>.</summary>
[Collection(ConsumerCollection.Name)]
public sealed class AnalyzersThroughPackageTests(ConsumerProject consumer)
{
    private const string SourceFile = "TicketSummarizer.cs";

    [Fact]
    public async Task Dotnet_build_reports_EK1001_at_the_ChatClient_created_in_foreach()
    {
        var build = await consumer.BuildAsync();

        Assert.True(build.Succeeded, build.ToString());
        var (line, column) = await LocateAsync("new ChatClient(");
        var diagnostic = Assert.Single(build.WithId("EK1001"));
        Assert.Equal(SourceFile, Path.GetFileName(diagnostic.File));
        Assert.Equal((line, column), (diagnostic.Line, diagnostic.Column));
        Assert.Equal("warning", diagnostic.Severity);
        Assert.Contains("'ChatClient' is created on every iteration of a 'foreach' loop", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_profile_report_puts_the_measured_joules_of_the_line_in_the_diagnostic()
    {
        // A dotnet-energy report from another checkout (paths differ; file name and folder match), relative to the project.
        var (line, _) = await LocateAsync("new ChatClient(");
        var folder = Path.GetFileName(Path.GetDirectoryName(consumer.PathOf(SourceFile)))!;
        File.WriteAllText(consumer.PathOf("last-profile.json"), $$"""
            { "schema": "efficiencykit.energy-report/v2", "tool": "dotnet-energy", "energyOrigin": "modelled",
              "sources": [ { "kind": "powerModel", "origin": "modelled", "uncertainty": { "relative": 0.5 } } ],
              "callSites": [ { "method": "TicketSummarizer.Summarize", "file": "/home/ci/{{folder}}/{{SourceFile}}", "line": {{line}}, "joules": 2.75, "isUserCode": true } ] }
            """);

        var build = await consumer.BuildAsync("-p:EfficiencyKitProfileReport=last-profile.json", "-p:EfficiencyKitProfileTopSites=1");

        Assert.True(build.Succeeded, build.ToString());
        var diagnostic = Assert.Single(build.WithId("EK1001"));
        Assert.Contains("create it once and reuse it (the last profile measured 2.75 J at this line (modelled, ±50%); #1 of its energy sites)", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_profile_report_is_warning_EKB104_at_the_report_and_leaves_the_diagnostics_as_they_were()
    {
        File.WriteAllText(consumer.PathOf("broken-profile.json"), "{ \"callSites\": [ truncated");

        var build = await consumer.BuildAsync("-p:EfficiencyKitProfileReport=broken-profile.json", "-p:EfficiencyKitProfileTopSites=1");

        Assert.True(build.Succeeded, build.ToString());
        var warning = Assert.Single(build.WithId("EKB104"));
        Assert.Equal("broken-profile.json", Path.GetFileName(warning.File));
        Assert.Contains("is not a readable dotnet-energy report; diagnostics will not quote measured joules", warning.Message, StringComparison.Ordinal);
        var diagnostic = Assert.Single(build.WithId("EK1001"));
        Assert.DoesNotContain("the last profile", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyzers_load_in_the_SDK_compiler()
    {
        var build = await consumer.BuildAsync();

        Assert.DoesNotContain(build.Diagnostics, d => d.Id is "CS9057" or "AD0001" or "CS8032");
        Assert.DoesNotContain("CS9057", build.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warnaserror_fails_the_build_on_EK1001()
    {
        var build = await consumer.BuildAsync("-warnaserror");

        Assert.False(build.Succeeded, build.ToString());
        var diagnostic = Assert.Single(build.WithId("EK1001"));
        Assert.Equal("error", diagnostic.Severity);
    }

    [Fact]
    public async Task EfficiencyKitEnabled_false_removes_the_analyzers()
    {
        var build = await consumer.BuildAsync("-warnaserror", "-p:EfficiencyKitEnabled=false");

        Assert.True(build.Succeeded, build.ToString());
        Assert.Empty(build.WithId("EK1001"));
    }

    [Fact]
    public async Task Strict_analysis_mode_raises_the_info_rules_and_makes_EK1001_an_error()
    {
        var build = await consumer.BuildAsync("-p:EfficiencyKitAnalysisMode=strict");

        Assert.False(build.Succeeded, build.ToString());
        Assert.Equal("error", Assert.Single(build.WithId("EK1001")).Severity);
        var cap = Assert.Single(build.WithId("EK1301"));
        Assert.Equal(("warning", (await LocateAsync("client.CompleteChat(")).Line), (cap.Severity, cap.Line));
    }

    [Fact]
    public async Task Unknown_analysis_mode_is_an_error_naming_the_property()
    {
        var build = await consumer.BuildAsync("-p:EfficiencyKitAnalysisMode=pedantic");

        Assert.False(build.Succeeded);
        Assert.Contains("EfficiencyKitAnalysisMode is 'pedantic'; expected default, minimal or strict.", build.Output, StringComparison.Ordinal);
    }

    private async Task<(int Line, int Column)> LocateAsync(string text)
    {
        var lines = await File.ReadAllLinesAsync(consumer.PathOf(SourceFile));
        var index = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        Assert.True(index >= 0, $"'{text}' not found in {SourceFile}");
        return (index + 1, lines[index].IndexOf(text, StringComparison.Ordinal) + 1);
    }
}
