namespace EfficiencyKit.Profiler.Reports;

/// <summary>Call sites plus buckets must add up to the process energy; the report states by how much they differ.</summary>
public sealed record ConservationCheck(double PartsJoules, double WholeJoules, double RelativeError, bool WithinOnePercent);
