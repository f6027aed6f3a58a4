namespace EfficiencyKit.Profiler.Budgets;

/// <summary>One figure of a check: the scenario total or a call site, baseline against this check's runs.</summary>
/// <param name="Name">"total" or the call site's method.</param>
/// <param name="File">Where the site is now (else at baseline time); null for the total.</param>
/// <param name="Line">Its line.</param>
/// <param name="BaselineMedian">Median joules of the baseline runs (per unit when the scenario has one).</param>
/// <param name="CandidateMedian">Median joules of this check's runs.</param>
/// <param name="Ratio">Candidate median / baseline median.</param>
/// <param name="PValue">One-sided Mann-Whitney p that the candidate runs tend to be larger.</param>
/// <param name="Threshold">The fractional increase this figure had to exceed: the tolerance, or its noise floor where that is larger (<see cref="BudgetNoise"/>).</param>
/// <param name="Regressed">Ratio above 1 + threshold, p below the significance level, and (for a site) a material increase.</param>
/// <param name="Summary">The figures in words, as diagnostics show them ("12.30 J per run, budget 8.10 J (+52%, p = 0.004; tolerance 20%)").</param>
public sealed record BudgetVerdict(string Name, string? File, int? Line, double BaselineMedian, double CandidateMedian, double Ratio, double PValue, double Threshold, bool Regressed, string Summary);
