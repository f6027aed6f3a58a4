namespace EfficiencyKit.Profiler.Reports;

/// <summary>
/// Energy billed to one call site: the first frame of the user's code on the stack (framework, runtime and
/// library frames roll up into it), with file and line where the PDB has them.
/// </summary>
/// <param name="Method">The method, as TraceEvent names it (type, method, signature).</param>
/// <param name="Module">The assembly name.</param>
/// <param name="File">Source file at build time, if known.</param>
/// <param name="Line">Source line, if known.</param>
/// <param name="Joules">Energy billed to this site.</param>
/// <param name="Percent">Share of the process's energy, in percent.</param>
/// <param name="CpuSeconds">CPU time billed to this site.</param>
/// <param name="Samples">Stack samples that landed here.</param>
/// <param name="IsUserCode">False for stacks with no user frame at all (shown as framework).</param>
public sealed record CallSiteEnergy(string Method, string Module, string? File, int? Line, double Joules, double Percent, double CpuSeconds, int Samples, bool IsUserCode)
{
    /// <summary>
    /// The relative uncertainty its sample count supports, 1/√samples: ±29% at 12 samples, ±0.9% at 12,000. It is an
    /// upper bound of the sampling error: per-thread CPU read every poll pins each thread's total, and the run-to-run
    /// spread measured on the profiler workload was 2-3 times smaller (docs/budgets.md). Null without samples.
    /// </summary>
    public double? SamplingUncertainty => Samples > 0 ? 1 / System.Math.Sqrt(Samples) : null;
}
