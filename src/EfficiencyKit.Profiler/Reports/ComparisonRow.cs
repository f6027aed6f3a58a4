namespace EfficiencyKit.Profiler.Reports;

/// <summary>
/// One method's energy per functional unit before and after a change. Methods are matched by their type-qualified
/// name, so a fixed twin of a program (same types and methods, different lines) lines up with the original.
/// </summary>
/// <param name="Method">Type.Method, without parameters.</param>
/// <param name="BeforeSite">The method's largest call site before (file:line), or null where it did not appear.</param>
/// <param name="AfterSite">The same after.</param>
/// <param name="BeforeJoulesPerUnit">Local energy billed to the method per unit before.</param>
/// <param name="AfterJoulesPerUnit">The same after.</param>
public sealed record ComparisonRow(string Method, string? BeforeSite, string? AfterSite, double BeforeJoulesPerUnit, double AfterJoulesPerUnit);
