namespace EfficiencyKit.Profiler.Budgets;

/// <summary>A call site with a budget of its own: identified by its method (lines move as code changes), shown at its file:line.</summary>
/// <param name="Method">The method as the profiler names it.</param>
/// <param name="File">Source file at baseline time, if known.</param>
/// <param name="Line">Source line at baseline time, if known.</param>
/// <param name="Joules">The site's joules over the baseline runs.</param>
/// <param name="CpuSamplesPerRun">The site's median CPU per baseline run in sampling intervals (how many samples carry its CPU): the resolution of its figure (null in budgets written before it was recorded).</param>
public sealed record BudgetCallSite(string Method, string? File, int? Line, BudgetFigure Joules, double? CpuSamplesPerRun = null);
