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
public sealed record CallSiteEnergy(string Method, string Module, string? File, int? Line, double Joules, double Percent, double CpuSeconds, int Samples, bool IsUserCode);
