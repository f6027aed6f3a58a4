namespace EfficiencyKit.Energy;

/// <summary>Whether joules were read from a hardware counter or computed by a model. Reports never mix the two silently.</summary>
public enum EnergyOrigin
{
    /// <summary>Read from an energy counter of the hardware (RAPL, NVML).</summary>
    Measured,

    /// <summary>Computed from utilisation by a documented power model.</summary>
    Modelled,
}
