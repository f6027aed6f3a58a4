namespace EfficiencyKit.Profiler.Reports;

/// <summary>Self (leaf frame) and inclusive (anywhere on the stack) energy of one method.</summary>
public sealed record MethodEnergy(string Method, string Module, double SelfJoules, double InclusiveJoules, int Samples);
