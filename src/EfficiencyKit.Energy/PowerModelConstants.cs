using System.Collections.Generic;
using System.Globalization;

namespace EfficiencyKit.Energy;

/// <summary>
/// The fallback power model: P = vCPUs × (idle + u × (max − idle)) + memory GB × memory W/GB, times PUE.
/// Defaults are the Cloud Carbon Footprint averages (cloud-carbon-footprint, packages/aws/src/domain/
/// AwsFootprintEstimationConstants.ts: MIN_WATTS_AVG 0.74, MAX_WATTS_AVG 3.5, MEMORY 0.392 W/GB), which scored
/// best of five fallback models against CodeCarbon's RAPL load profiles (30% mean, 61% worst absolute error
/// over 78 points; docs/energy-sources.md, "Power model"). Hence the stated ±50%.
/// </summary>
/// <param name="IdleWattsPerVcpu">Watts per vCPU at 0% utilisation.</param>
/// <param name="MaxWattsPerVcpu">Watts per vCPU at 100% utilisation.</param>
/// <param name="MemoryWattsPerGigabyte">Watts per GB of installed memory, independent of load.</param>
/// <param name="PowerUsageEffectiveness">Facility overhead multiplier (1.0 = the machine alone).</param>
public sealed record PowerModelConstants(
    double IdleWattsPerVcpu = 0.74,
    double MaxWattsPerVcpu = 3.5,
    double MemoryWattsPerGigabyte = 0.392,
    double PowerUsageEffectiveness = 1.0)
{
    /// <summary>The Cloud Carbon Footprint averages, PUE 1.0.</summary>
    public static PowerModelConstants CloudCarbonFootprint { get; } = new();

    /// <summary>The ± fraction every modelled figure carries.</summary>
    public static EnergyUncertainty Uncertainty { get; } = new(
        0.5,
        "per-vCPU linear model with Cloud Carbon Footprint averages; 30% mean and 61% worst error against RAPL over 78 load points");

    /// <summary>Watts of a machine with <paramref name="vcpus"/> vCPUs at utilisation <paramref name="utilisation"/> (0..1).</summary>
    public double MachineWatts(int vcpus, double utilisation, double memoryGigabytes)
        => PowerUsageEffectiveness * ((vcpus * (IdleWattsPerVcpu + (utilisation * (MaxWattsPerVcpu - IdleWattsPerVcpu)))) + (memoryGigabytes * MemoryWattsPerGigabyte));

    /// <summary>The constants as a report lists them (a new dictionary the caller may extend).</summary>
    public Dictionary<string, string> ToDictionary() => new Dictionary<string, string>
    {
        ["idle_watts_per_vcpu"] = IdleWattsPerVcpu.ToString(CultureInfo.InvariantCulture),
        ["max_watts_per_vcpu"] = MaxWattsPerVcpu.ToString(CultureInfo.InvariantCulture),
        ["memory_watts_per_gb"] = MemoryWattsPerGigabyte.ToString(CultureInfo.InvariantCulture),
        ["pue"] = PowerUsageEffectiveness.ToString(CultureInfo.InvariantCulture),
    };
}
