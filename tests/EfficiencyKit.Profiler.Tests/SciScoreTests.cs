using EfficiencyKit.Profiler.Reports;

namespace EfficiencyKit.Profiler.Tests;

public sealed class SciScoreTests
{
    [Fact]
    public void Energy_and_grams_are_divided_by_the_units_served()
    {
        var report = CarbonReports.With(7_200, (36_000, 72_000));

        // 7,200 J over 4 tickets = 1,800 J each; 0.95 g / 4 = 0.2375 g; remote 36-72 kJ / 4 = 9-18 kJ.
        var sci = SciScore.Of(report, CarbonEstimate.Of(report, 475), new FunctionalUnit("ticket", 4));

        Assert.Equal(new FunctionalUnit("ticket", 4), sci.Unit);
        Assert.Equal(1_800, sci.LocalJoulesPerUnit, 12);
        Assert.Equal(0.2375, sci.GramsPerUnit, 12);
        var remote = Assert.NotNull(sci.RemoteJoulesPerUnit);
        Assert.Equal(9_000, remote.Min, 12);
        Assert.Equal(18_000, remote.Max, 12);
    }

    [Fact]
    public void Remote_energy_stays_out_of_the_score()
    {
        var local = CarbonReports.With(7_200);
        var both = CarbonReports.With(7_200, (36_000, 72_000));
        var unit = new FunctionalUnit("request", 8);

        Assert.Null(SciScore.Of(local, CarbonEstimate.Of(local, 475), unit).RemoteJoulesPerUnit);
        Assert.Equal(SciScore.Of(local, CarbonEstimate.Of(local, 475), unit).GramsPerUnit, SciScore.Of(both, CarbonEstimate.Of(both, 475), unit).GramsPerUnit);
    }

    [Fact]
    public void Zero_units_are_rejected()
    {
        var report = CarbonReports.With(7_200);

        Assert.Throws<ArgumentOutOfRangeException>(() => SciScore.Of(report, CarbonEstimate.Of(report, 475), new FunctionalUnit("ticket", 0)));
    }
}
