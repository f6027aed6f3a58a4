using EfficiencyKit.Energy.Sources;

namespace EfficiencyKit.Energy.Tests;

public sealed class ProcPidStatTests
{
    [Fact]
    public void Fields_are_counted_after_the_last_parenthesis_so_odd_command_names_parse()
    {
        // A real line's layout (fields 1-22 and more); the comm "(my app) (x)" holds spaces and parentheses.
        const string stat = "4242 ((my app) (x)) S 1 4242 4242 0 -1 4194304 1234 0 5 0 731 169 0 0 20 0 12 0 98765 123456789 2345 18446744073709551615";

        Assert.True(ProcPidStat.TryParse(stat, out var cpuTicks, out var startTicks));
        Assert.Equal(731 + 169, cpuTicks);
        Assert.Equal(98765, startTicks);
    }

    [Theory]
    [InlineData("4242 app S 1 2")]
    [InlineData("4242 (app) S 1 2 3")]
    [InlineData("4242 (app) S 1 4242 4242 0 -1 4194304 1234 0 5 0 x 169 0 0 20 0 12 0 98765")]
    public void Lines_that_are_not_stat_lines_are_rejected(string stat)
        => Assert.False(ProcPidStat.TryParse(stat, out _, out _));
}
