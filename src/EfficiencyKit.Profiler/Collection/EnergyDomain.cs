using EfficiencyKit.Energy;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>One energy domain of the meter (a package, DRAM, a GPU, the modelled CPU) and its source.</summary>
public sealed record EnergyDomain(string Name, EnergySourceKind Source);
