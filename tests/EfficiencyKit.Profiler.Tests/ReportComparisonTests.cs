using EfficiencyKit.Profiler.Reports;

namespace EfficiencyKit.Profiler.Tests;

public sealed class ReportComparisonTests
{
    [Fact]
    public void Methods_of_a_fixed_twin_line_up_by_name_and_figures_are_per_unit()
    {
        var before = Profile(embedMs: 40, embedLine: 20);
        var after = Profile(embedMs: 4, embedLine: 44);

        var comparison = ReportComparison.Create(before, after, new FunctionalUnit("document", 10), top: 10);

        var embed = Assert.Single(comparison.Rows, r => r.Method == "App.Embedder.Embed");
        Assert.Equal("App.cs:20", embed.BeforeSite);
        Assert.Equal("App.cs:44", embed.AfterSite);
        Assert.InRange(embed.BeforeJoulesPerUnit / embed.AfterJoulesPerUnit, 8, 12);
        var score = Assert.Single(comparison.Rows, r => r.Method == "App.Search.Score");
        Assert.InRange(score.BeforeJoulesPerUnit / score.AfterJoulesPerUnit, 0.8, 1.25);
        Assert.Equal(before.Totals.ProcessJoules / 10, comparison.BeforeLocalJoulesPerUnit, 9);
        Assert.Equal(after.Totals.ProcessJoules / 10, comparison.AfterLocalJoulesPerUnit, 9);
        Assert.Equal(0, comparison.BeforeRemoteJoulesPerUnit);
        Assert.True(comparison.Ratio > 1.5, $"ratio {comparison.Ratio}");
        Assert.Equal(comparison.LocalRatio, comparison.Ratio, 9);
        Assert.Equal("modelled", comparison.BeforeOrigin);
    }

    [Fact]
    public void Top_keeps_the_methods_with_the_most_energy_on_either_side()
    {
        var comparison = ReportComparison.Create(Profile(40, 20), Profile(4, 44), new FunctionalUnit("document", 10), top: 1);

        Assert.Equal("App.Embedder.Embed", Assert.Single(comparison.Rows).Method);
    }

    [Fact]
    public void Several_runs_a_side_compare_through_their_median_runs_and_keep_the_range()
    {
        // A noisy "before": runs of 60, 20 and 40 ms of embedding per step; the median run is the 40 ms one, at line 21.
        EnergyReport[] before = [Profile(60, 20), Profile(20, 22), Profile(40, 21)];
        EnergyReport[] after = [Profile(4, 44), Profile(4, 44)];

        var comparison = ReportComparison.Create(before, after, new FunctionalUnit("document", 10), top: 10);

        var runs = comparison.BeforeRuns!;
        Assert.Equal((3, 2), (runs.Runs, runs.MedianRun));
        Assert.Equal(before[2].Totals.ProcessJoules / 10, runs.Median, 9);
        Assert.Equal(before[1].Totals.ProcessJoules / 10, runs.Min, 9);
        Assert.Equal(before[0].Totals.ProcessJoules / 10, runs.Max, 9);
        Assert.Equal(runs.Median, comparison.BeforeLocalJoulesPerUnit, 9);
        Assert.Equal("App.cs:21", Assert.Single(comparison.Rows, r => r.Method == "App.Embedder.Embed").BeforeSite);

        // An even count takes the lower middle run, never an average of two runs that no real run matches.
        Assert.Equal((2, after[0].Totals.ProcessJoules / 10), (comparison.AfterRuns!.Runs, comparison.AfterLocalJoulesPerUnit));
        Assert.Equal(runs.Median / comparison.AfterRuns.Median, comparison.Ratio, 9);
    }

    private static EnergyReport Profile(double embedMs, int embedLine)
    {
        var trace = new SyntheticTrace(false, (1, "main"));
        var embed = trace.Frame("App.Embedder.Embed(class System.String)", file: "/src/App.cs", line: embedLine);
        var score = trace.Frame("App.Search.Score(float32[])", file: "/src/App.cs", line: 70);
        for (var i = 0; i < 20; i++)
        {
            // Two samples per step, split by CPU: the sampled share follows the work each method does.
            trace.Step(new Dictionary<int, double> { [1] = embedMs + 10 }, 0, Enumerable.Repeat((1, new[] { embed }), (int)(embedMs / 2)).Concat(Enumerable.Repeat((1, new[] { score }), 5)).ToArray());
        }

        return trace.Attribute();
    }
}
