using EfficiencyKit.Profiler.Reports;

namespace EfficiencyKit.Profiler.Tests;

public sealed class CarbonEstimateTests
{
    [Fact]
    public void Grams_are_kilowatt_hours_times_the_grid_intensity()
    {
        // 7,200 J = 0.002 kWh; at 475 gCO2e/kWh that is 0.95 g. Remote 36-72 kJ = 0.01-0.02 kWh = 4.75-9.5 g.
        var carbon = CarbonEstimate.Of(CarbonReports.With(7_200, (36_000, 72_000)), 475);

        Assert.Equal(475, carbon.GridIntensityGramsPerKilowattHour);
        Assert.Equal(0.95, carbon.LocalGrams, 12);
        var remote = Assert.NotNull(carbon.RemoteGrams);
        Assert.Equal(4.75, remote.Min, 12);
        Assert.Equal(9.5, remote.Max, 12);
    }

    [Fact]
    public void A_report_without_remote_calls_has_no_remote_grams()
    {
        // 3.6 MJ = 1 kWh: the grams are the intensity itself.
        var carbon = CarbonEstimate.Of(CarbonReports.With(3.6e6), 360);

        Assert.Equal(360, carbon.LocalGrams, 12);
        Assert.Null(carbon.RemoteGrams);
    }

    [Fact]
    public void A_zero_intensity_grid_emits_nothing()
        => Assert.Equal(0, CarbonEstimate.Of(CarbonReports.With(7_200), 0).LocalGrams);
}
