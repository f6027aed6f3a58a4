using System.Collections.Generic;
using System.Linq;
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
