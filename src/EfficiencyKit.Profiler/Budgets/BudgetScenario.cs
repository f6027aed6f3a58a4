using System.Collections.Generic;
using EfficiencyKit.Profiler.Reports;

namespace EfficiencyKit.Profiler.Budgets;

/// <summary>A named, repeatable run of a program and what its energy may be.</summary>
/// <param name="Name">The scenario's name (unique in the file).</param>
/// <param name="Command">The program and its arguments, as <c>dotnet-energy run</c> launches them.</param>
/// <param name="Runs">How many runs a baseline or a check takes.</param>
/// <param name="Unit">The functional unit figures are divided by (e.g. 8 tickets), or null for joules per run.</param>
/// <param name="Tolerance">The fractional increase of a median that still passes (0.10 = 10%).</param>
/// <param name="Source">The energy source of the baseline.</param>
/// <param name="Total">The process's joules.</param>
/// <param name="CallSites">Call sites with at least the budget's minimum share of the energy.</param>
public sealed record BudgetScenario(
    string Name,
    IReadOnlyList<string> Command,
    int Runs,
    FunctionalUnit? Unit,
    double Tolerance,
    BudgetEnergySource Source,
    BudgetFigure Total,
    IReadOnlyList<BudgetCallSite> CallSites);
