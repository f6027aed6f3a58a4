namespace EfficiencyKit.Analyzers.Tests.Rules;

/// <summary>
/// A dotnet-energy report passed to the analyzers (EfficiencyKitProfileReport): diagnostics at a profiled line say
/// what the last profile measured there, and EfficiencyKitProfileTopSites raises the top energy sites to warnings.
/// The report's paths come from another checkout (/home/ci/app/src/…): file name and folder still match.
/// </summary>
public sealed class ProfileEvidenceTests
{
    private const string EmbeddingLoop = """
        using System.Collections.Generic;
        using OpenAI.Embeddings;

        public static class Indexer
        {
            public static List<float[]> Embed(EmbeddingClient client, IEnumerable<string> documents)
            {
                var vectors = new List<float[]>();
                foreach (var document in documents)
                {
                    vectors.Add([|client.GenerateEmbedding(document)|].Value.ToFloats().ToArray());
                }

                return vectors;
            }
        }
        """;

    private const string LargeModel = """
        using OpenAI.Chat;

        public static class Clients
        {
            public static readonly ChatClient Triage = new ChatClient([|"gpt-4o"|], "key");
        }
        """;

    [Fact]
    public Task A_diagnostic_at_a_profiled_line_says_what_the_line_cost()
        => new ProjectBuilder()
            .WithAnalyzer<BatchEmbeddingRequestsAnalyzer>()
            .WithProfileReport(Report(localLine: 11, joules: 12.3))
                        .WithSourceCode(EmbeddingLoop)
            .ShouldReport(DiagnosticSeverity.Warning, "(OpenAI accepts up to 2048 inputs per request) (the last profile measured 12.30 J at this line (modelled, ±50%))")
            .ValidateAsync();

    [Fact]
    public Task A_top_energy_site_raises_an_info_rule_to_a_warning_and_quotes_remote_joules()
        => new ProjectBuilder()
            .WithAnalyzer<UseSmallerModelAnalyzer>()
            .WithProfileReport(Report(localLine: 5, joules: 0.4, remoteLine: 5))
            .WithGlobalConfig("build_property.EfficiencyKitProfileTopSites = 1")
            .WithSourceCode(LargeModel)
            .ShouldReport(DiagnosticSeverity.Warning, "'gpt-4o' has a smaller sibling 'gpt-4o-mini'; use it where its quality suffices (the last profile measured 400.0 mJ at this line (modelled, ±50%) and estimated 3.44 kJ-6.21 kJ for the remote AI calls at this line (modelled from tokens); #1 of its energy sites)")
            .ValidateAsync();

    [Fact]
    public Task A_line_the_profile_did_not_see_keeps_its_message_and_severity()
        => new ProjectBuilder()
            .WithAnalyzer<UseSmallerModelAnalyzer>()
            .WithProfileReport(Report(localLine: 40, joules: 9))
            .WithGlobalConfig("build_property.EfficiencyKitProfileTopSites = 3")
            .WithSourceCode(LargeModel)
            .ShouldReport(DiagnosticSeverity.Info, "'gpt-4o' has a smaller sibling 'gpt-4o-mini'; use it where its quality suffices")
            .ValidateAsync();

    [Fact]
    public Task An_unreadable_report_changes_nothing()
        => new ProjectBuilder()
            .WithAnalyzer<UseSmallerModelAnalyzer>()
            .WithProfileReport("{ \"callSites\": [ truncated")
            .WithGlobalConfig("build_property.EfficiencyKitProfileTopSites = 1")
            .WithSourceCode(LargeModel)
            .ShouldReport(DiagnosticSeverity.Info, "'gpt-4o' has a smaller sibling 'gpt-4o-mini'; use it where its quality suffices")
            .ValidateAsync();

    /// <summary>A report as dotnet-energy writes it (the fields the analyzers read), with a bigger site elsewhere.</summary>
    private static string Report(int localLine, double joules, int? remoteLine = null) => $$"""
        {
          "schema": "efficiencykit.energy-report/v2",
          "tool": "dotnet-energy",
          "energyOrigin": "modelled",
          "sources": [ { "kind": "powerModel", "origin": "modelled", "uncertainty": { "relative": 0.5, "basis": "CCF averages" } } ],
          "callSites": [
            { "method": "Indexer.Embed", "module": "App", "file": "/home/ci/app/src/Test0.cs", "line": {{localLine}}, "joules": {{joules.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "percent": 40, "cpuSeconds": 1, "samples": 90, "isUserCode": true },
            { "method": "Other.Work", "module": "App", "file": "/home/ci/app/src/Other.cs", "line": 7, "joules": 0.1, "percent": 1, "cpuSeconds": 0.1, "samples": 9, "isUserCode": true }
          ],
          "remoteCalls": [ {{(remoteLine is { } line ? $$"""{ "kind": "chat", "provider": "openai", "model": "gpt-4o-2024-08-06", "file": "/home/ci/app/src/Test0.cs", "line": {{line}}, "calls": 3, "minJoules": 3442.9, "maxJoules": 6210.5, "basis": "EcoLogits" }""" : "")}} ]
        }
        """;
}
