namespace EfficiencyKit.Energy;

/// <summary>Joules accumulated by one domain (a CPU package, its DRAM, a GPU, the modelled machine) since the meter opened.</summary>
public sealed record EnergyDomainReading(string Domain, EnergySourceKind Source, double Joules);
