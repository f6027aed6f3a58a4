using EfficiencyKit.Samples.Tests.Infrastructure;

namespace EfficiencyKit.Samples.Tests;

/// <summary>
/// DocumentSearch (the waste EfficiencyKit reports) and DocumentSearch.Fixed (the same app without it) answer the
/// same queries alike, and only the first gets EfficiencyKit diagnostics. The tests of one class run one at a
/// time, so the apps and the compiler do not compete for the machine's cores.
/// </summary>
[Collection(SamplesCollection.Name)]
public sealed class DocumentSearchTests : IDisposable
{
    // Enough articles that every query has its best answer among them, few enough that the wasteful app (a session
    // per document) finishes in seconds.
    private const int Documents = 80;
    private const int Queries = 8;

    // The fixed app runs the int8 model on batches, the wasteful one fp32 one item at a time: scores differ by up to
    // 0.002 on the bundled data. Two articles whose scores are within this margin may therefore trade places.
    private const double NearTie = 0.01;

    private readonly string _temporary = Directory.CreateTempSubdirectory("efficiencykit-samples-").FullName;

    [Fact]
    public async Task Both_apps_give_the_same_answers()
    {
        var wasteful = await SampleApps.RunAsync(SampleApps.Wasteful, Documents, Queries);
        var efficient = await SampleApps.RunAsync(SampleApps.Fixed, Documents, Queries);
        Assert.True(wasteful.Succeeded, wasteful.ToString());
        Assert.True(efficient.Succeeded, efficient.ToString());

        var expected = SearchOutput.Parse(wasteful.Output);
        var actual = SearchOutput.Parse(efficient.Output);
        Assert.Equal((Documents, Queries), (expected.DocumentsIndexed, expected.QueriesAnswered));
        Assert.Equal((Documents, Queries), (actual.DocumentsIndexed, actual.QueriesAnswered));
        Assert.Equal(expected.Answers.Keys, actual.Answers.Keys);
        foreach (var (query, expectedHits) in expected.Answers)
        {
            var actualHits = actual.Answers[query];
            Assert.Equal(3, expectedHits.Count);
            Assert.Equal(3, actualHits.Count);

            // The same best answer, or one the wasteful app scored within a near tie of its own best.
            var best = expectedHits[0];
            var rival = expectedHits.FirstOrDefault(hit => hit.DocumentId == actualHits[0].DocumentId);
            Assert.True(
                rival is not null && best.Score - rival.Score <= NearTie,
                $"'{query}': DocumentSearch answers {best.DocumentId} ({best.Score}), DocumentSearch.Fixed {actualHits[0].DocumentId}.\n{wasteful.Output}\n{efficient.Output}");

            // The top three share at least two articles: only a near tie at the third place may differ.
            var shared = expectedHits.Select(hit => hit.DocumentId).Intersect(actualHits.Select(hit => hit.DocumentId)).Count();
            Assert.True(shared >= 2, $"'{query}': top three share {shared} articles.\n{wasteful.Output}\n{efficient.Output}");
        }
    }

    [Fact]
    public async Task The_wasteful_app_gets_the_EfficiencyKit_diagnostics_for_its_waste()
    {
        var (build, log) = await SampleApps.CompileAsync(SampleApps.Wasteful, Path.Combine(_temporary, "wasteful.sarif"));
        Assert.True(build.Succeeded, build.ToString());

        // What `dotnet build` prints: a session and a batch-of-one Run per document in the indexing loop, a session per
        // query (EmbedQuery runs once per Search call in the query loop, which EK1001's call graph follows), one query
        // embedded per Search call in the query loop (through DocumentIndex.Search and Embedder.EmbedQuery: the fixed
        // twin embeds the queries in one batch), and the fp32 model loaded (twice) while the build ships its int8 copy.
        Assert.Equal(
            ["EK1001 Embedder.cs", "EK1001 Embedder.cs", "EK1102 Embedder.cs", "EK1102 Program.cs", "EK1201 Embedder.cs", "EK1201 Embedder.cs"],
            build.Diagnostics.Where(d => d.Id.StartsWith("EK", StringComparison.Ordinal) && d.Severity == "warning")
                .Select(d => $"{d.Id} {Path.GetFileName(d.File)}")
                .Order());

        // In the SARIF log too, with optimizations off at Info level. The session per query is a warning since EK1001
        // follows the call graph to the query loop (it was an Info "per method call" finding before).
        // Other rules may add findings (the double[] embeddings, the scalar cosine loop); these must be among them.
        string[] expected = ["EK1001 warning Embedder.cs", "EK1001 warning Embedder.cs", "EK1102 warning Embedder.cs", "EK1201 warning Embedder.cs", "EK1201 warning Embedder.cs", "EK1203 note Embedder.cs"];
        var findings = log.EfficiencyKitFindings().ToList();
        foreach (var finding in expected.GroupBy(f => f))
        {
            Assert.True(findings.Count(f => f == finding.Key) == finding.Count(), $"expected {finding.Count()} × '{finding.Key}' in:\n{string.Join('\n', findings)}");
        }
    }

    [Fact]
    public async Task The_fixed_app_gets_no_EfficiencyKit_diagnostics()
    {
        var (build, log) = await SampleApps.CompileAsync(SampleApps.Fixed, Path.Combine(_temporary, "fixed.sarif"));
        Assert.True(build.Succeeded, build.ToString());
        Assert.Empty(log.EfficiencyKitFindings());
    }

    public void Dispose() => Directory.Delete(_temporary, recursive: true);
}
