using System.Text.RegularExpressions;
using EfficiencyKit.Profiler.Reports;

namespace EfficiencyKit.Profiler.Tests;

public sealed class HtmlReportWriterTests
{
    [Fact]
    public void The_page_is_self_contained_and_escapes_method_names()
    {
        var html = Render(out _);

        // Nothing is fetched: no external scripts, styles, images or fonts.
        Assert.DoesNotMatch(new Regex("(src|href)=\"(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.DoesNotContain("url(", html, StringComparison.Ordinal);
        Assert.Contains("App.Program.&lt;Main&gt;$", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<Main>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Carbon_and_SCI_follow_the_grid_intensity_and_the_functional_unit()
    {
        var html = Render(out var report, new HtmlReportOptions { GridIntensityGramsPerKilowattHour = 360, Unit = new FunctionalUnit("request", 4) });

        var grams = report.Totals.ProcessJoules / 3.6e6 * 360;
        Assert.Contains(EnergyFormat.Grams(grams), html, StringComparison.Ordinal);
        Assert.Contains("Per request", html, StringComparison.Ordinal);
        Assert.Contains(EnergyFormat.Joules(report.Totals.ProcessJoules / 4), html, StringComparison.Ordinal);
        Assert.Contains("embodied emissions M not included", html, StringComparison.Ordinal);
        Assert.Contains("No stacks", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ticket")]
    [InlineData("ticket=0")]
    [InlineData("=3")]
    [InlineData("ticket=three")]
    public void A_malformed_functional_unit_is_an_error_naming_the_option(string text)
        => Assert.Contains("--functional-unit", Assert.Throws<ProfilerException>(() => FunctionalUnit.Parse(text, "--functional-unit")).Message, StringComparison.Ordinal);

    private static string Render(out EnergyReport report, HtmlReportOptions? options = null)
    {
        var trace = new SyntheticTrace(false, (1, "worker"));
        var main = trace.Frame("App.Program.<Main>$(class System.String[])", line: 3);
        for (var i = 0; i < 5; i++)
        {
            trace.Step(new Dictionary<int, double> { [1] = 50 }, 0, (1, [main]));
        }

        report = trace.Attribute();
        using var writer = new StringWriter();
        HtmlReportWriter.Write(report, stacks: null, options ?? new HtmlReportOptions(), writer);
        return writer.ToString();
    }
}
