namespace EfficiencyKit.Energy;

/// <summary>Which source measures or models the CPU and memory (the <c>--energy-source</c> option).</summary>
public enum CpuEnergySource
{
    /// <summary>RAPL where it can be read, else the power model, with a note saying why.</summary>
    Auto,

    /// <summary>RAPL or an error: never silently modelled.</summary>
    Rapl,

    /// <summary>The power model, even where RAPL exists (e.g. to compare with a baseline taken on a VM).</summary>
    PowerModel,
}
