namespace EfficiencyKit.Build.Evidence;

/// <summary>The modelled energy per inference of a manifest model.</summary>
internal sealed class EnergyEstimateContract
{
    /// <summary>The hardware profile the figure is modelled on.</summary>
    public string? Profile { get; set; }

    public double Joules { get; set; }

    /// <summary>Low end of the modelled range.</summary>
    public double MinJoules { get; set; }

    /// <summary>High end of the modelled range.</summary>
    public double MaxJoules { get; set; }

    /// <summary>True when some operators' cost is unknown, so the figure is a floor.</summary>
    public bool LowerBound { get; set; }
}
