namespace EfficiencyKit.Profiler.Reports;

/// <summary>The profiled process.</summary>
public sealed record ReportTarget(int ProcessId, string Name);
