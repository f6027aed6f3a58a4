namespace EfficiencyKit.Build.Evidence;

/// <summary>A remote AI call site of a dotnet-energy report (the profiler's RemoteCallSiteEnergy), as far as the analyzers use it.</summary>
internal sealed class ProfileRemoteCallContract
{
    public string? File { get; set; }

    public int? Line { get; set; }

    /// <summary>Null when no call there could be estimated.</summary>
    public double? MinJoules { get; set; }

    public double? MaxJoules { get; set; }
}
