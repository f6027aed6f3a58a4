using System;

namespace EfficiencyKit.Profiler.Reports;

/// <summary>
/// Energy and Software Carbon Intensity per functional unit: SCI = (E × I + M) / R (Green Software Foundation) with E the
/// process's joules, I the grid intensity, R the units served, and the embodied emissions M left out. The remote AI
/// calls' modelled energy is given per unit beside it, not folded into E: it is spent at the provider, on its grid.
/// </summary>
/// <param name="Unit">What the run served.</param>
/// <param name="LocalJoulesPerUnit">The process's joules per unit.</param>
/// <param name="RemoteJoulesPerUnit">The remote calls' modelled range per unit; null when the report has no remote calls.</param>
/// <param name="GramsPerUnit">SCI: the process's grams CO2e per unit.</param>
public sealed record SciScore(FunctionalUnit Unit, double LocalJoulesPerUnit, (double Min, double Max)? RemoteJoulesPerUnit, double GramsPerUnit)
{
    public static SciScore Of(EnergyReport report, CarbonEstimate carbon, FunctionalUnit unit)
    {
        // FunctionalUnit.Parse rejects a zero count; a unit built in code could still carry one.
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(unit.Count);
        var count = unit.Count;
        return new SciScore(
            unit,
            report.Totals.ProcessJoules / count,
            report.Remote is { } remote ? (remote.MinJoules / count, remote.MaxJoules / count) : null,
            carbon.LocalGrams / count);
    }
}
