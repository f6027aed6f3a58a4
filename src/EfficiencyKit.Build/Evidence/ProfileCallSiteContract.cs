namespace EfficiencyKit.Build.Evidence;

/// <summary>A call site of a dotnet-energy report (the profiler's CallSiteEnergy), as far as the analyzers use it.</summary>
internal sealed class ProfileCallSiteContract
{
    public string? File { get; set; }

    public int? Line { get; set; }

    public double Joules { get; set; }

    public bool IsUserCode { get; set; }
}
