namespace EfficiencyKit.Profiler.Reports;

/// <summary>
/// A report's carbon at one grid intensity: grams CO2e = joules / 3.6e6 (joules per kWh) × gCO2e per kWh, for the
/// process's own (local) joules and, where the report has remote AI calls, for their modelled min–max range.
/// </summary>
/// <param name="GridIntensityGramsPerKilowattHour">The grid intensity the grams assume.</param>
/// <param name="LocalGrams">The process's joules as grams CO2e.</param>
/// <param name="RemoteGrams">The remote calls' modelled range as grams CO2e; null when the report has no remote calls.</param>
public sealed record CarbonEstimate(double GridIntensityGramsPerKilowattHour, double LocalGrams, (double Min, double Max)? RemoteGrams)
{
    public const double JoulesPerKilowattHour = 3.6e6;

    public static CarbonEstimate Of(EnergyReport report, double gridIntensityGramsPerKilowattHour)
    {
        double Grams(double joules) => joules / JoulesPerKilowattHour * gridIntensityGramsPerKilowattHour;
        return new CarbonEstimate(
            gridIntensityGramsPerKilowattHour,
            Grams(report.Totals.ProcessJoules),
            report.Remote is { } remote ? (Grams(remote.MinJoules), Grams(remote.MaxJoules)) : null);
    }
}
