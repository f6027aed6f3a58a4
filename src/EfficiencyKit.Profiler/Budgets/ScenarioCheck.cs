using System.Collections.Generic;
using EfficiencyKit.Profiler.Reports;

namespace EfficiencyKit.Profiler.Budgets;

/// <summary>The check of one scenario.</summary>
/// <param name="Scenario">Its name.</param>
/// <param name="Passed">No regression and the same energy source.</param>
/// <param name="SourceMismatch">Why the runs could not be compared with the budget (another energy source), or null.</param>
/// <param name="Unit">The functional unit the figures are per, or null for per run.</param>
/// <param name="Tolerance">The scenario's tolerance.</param>
/// <param name="Total">The process's joules.</param>
/// <param name="CallSites">The budgeted call sites.</param>
/// <param name="NewCallSites">Sites above the budget's minimum share now that had no budget (for information; they do not fail the check).</param>
public sealed record ScenarioCheck(
    string Scenario,
    bool Passed,
    string? SourceMismatch,
    FunctionalUnit? Unit,
    double Tolerance,
    BudgetVerdict? Total,
    IReadOnlyList<BudgetVerdict> CallSites,
    IReadOnlyList<BudgetVerdict> NewCallSites);
