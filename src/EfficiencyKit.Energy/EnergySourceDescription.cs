using System.Collections.Generic;

namespace EfficiencyKit.Energy;

/// <summary>
/// What every report must state about its joules: the source, whether they are measured or modelled, what the
/// source covers (its scope), the constants used, and the uncertainty.
/// </summary>
/// <param name="Kind">The source.</param>
/// <param name="Origin">Measured counter or model.</param>
/// <param name="Scope">What the figure includes, e.g. "CPU packages 0-1 + DRAM" or "2 vCPU + 7.8 GB memory, modelled".</param>
/// <param name="Constants">Named constants and their values as used (empty for measured sources).</param>
/// <param name="Uncertainty">The stated uncertainty and its basis.</param>
public sealed record EnergySourceDescription(
    EnergySourceKind Kind,
    EnergyOrigin Origin,
    string Scope,
    IReadOnlyDictionary<string, string> Constants,
    EnergyUncertainty Uncertainty);
