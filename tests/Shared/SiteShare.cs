namespace EfficiencyKit.Tests.Shared;

/// <summary>A call site's share of the measured CPU and of the energy, in percent.</summary>
internal sealed record SiteShare(string Site, double CpuPercent, double EnergyPercent)
{
    /// <summary>How far the energy share is from the CPU share, in percentage points (positive: billed too much).</summary>
    public double ErrorPoints => EnergyPercent - CpuPercent;
}
