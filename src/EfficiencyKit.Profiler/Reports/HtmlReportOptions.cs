namespace EfficiencyKit.Profiler.Reports;

/// <summary>What the HTML report adds to the energy figures: carbon, and the Software Carbon Intensity per functional unit.</summary>
public sealed record HtmlReportOptions
{
    /// <summary>Grid carbon intensity in gCO2e per kWh (default 475, the world average used by Cloud Carbon Footprint and our power model docs).</summary>
    public double GridIntensityGramsPerKilowattHour { get; init; } = 475;

    /// <summary>What the profiled run served (e.g. 8 tickets), for energy and SCI per unit; null leaves them out.</summary>
    public FunctionalUnit? Unit { get; init; }
}
