using System;

namespace EfficiencyKit.Profiler.Reports;

/// <summary>What the HTML report adds to the energy figures: carbon, and the Software Carbon Intensity per functional unit.</summary>
public sealed record HtmlReportOptions
{
    /// <summary>Grid carbon intensity in gCO2e per kWh (default 475, the world average used by Cloud Carbon Footprint and our power model docs).</summary>
    public double GridIntensityGramsPerKilowattHour { get; init; } = 475;

    /// <summary>The functional unit of SCI (for example "ticket"), or null to leave SCI out.</summary>
    public string? FunctionalUnit { get; init; }

    /// <summary>How many functional units the profiled run served.</summary>
    public long FunctionalUnitCount { get; init; }

    /// <summary>Parses "name=count"; errors name <paramref name="option"/>.</summary>
    public static (string Name, long Count) ParseFunctionalUnit(string text, string option = "--functional-unit")
    {
        var parts = (text ?? throw new ArgumentNullException(nameof(text))).Split('=');
        if (parts.Length != 2 || parts[0].Trim().Length == 0 || !long.TryParse(parts[1], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var count) || count <= 0)
        {
            throw new ProfilerException($"{option} '{text}' is not NAME=COUNT with a positive count, e.g. {option} ticket=8.");
        }

        return (parts[0].Trim(), count);
    }
}
