namespace EfficiencyKit.Profiler.Analysis;

/// <summary>A resolved stack frame: method, module, and (for user code with a PDB) source file and line.</summary>
public sealed record FrameInfo(string Method, string Module, string? File, int? Line, bool IsUserCode, bool IsBlocking);
