using EfficiencyKit.Profiler.Reports;

namespace EfficiencyKit.Profiler.Tests;

/// <summary>Reports with round figures for the carbon arithmetic's hand-computed expectations.</summary>
internal static class CarbonReports
{
    /// <summary>A real attributed report whose process used <paramref name="processJoules"/>, with remote calls modelled at <paramref name="remote"/> joules or none.</summary>
    public static EnergyReport With(double processJoules, (double Min, double Max)? remote = null)
    {
        var trace = new SyntheticTrace(false, (1, "worker"));
        var main = trace.Frame("App.Program.Main()");
        trace.Step(new Dictionary<int, double> { [1] = 50 }, 0, (1, [main]));
        var report = trace.Attribute();
        return report with
        {
            Totals = report.Totals with { ProcessJoules = processJoules },
            Remote = remote is { } range ? new RemoteEnergyTotals(3, 2, range.Min, range.Max, "test") : null,
        };
    }
}
