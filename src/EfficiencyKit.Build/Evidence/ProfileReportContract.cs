using System.Collections.Generic;
using EfficiencyKit.Energy;

namespace EfficiencyKit.Build.Evidence;

/// <summary>
/// The parts of a dotnet-energy report (the profiler's EnergyReport, camelCase JSON) that the analyzers use. The
/// profiler targets net8.0, so the tasks cannot reference its types: these mirror its property names, and the
/// sources are the Energy library's own <see cref="EnergySourceDescription"/>.
/// </summary>
internal sealed class ProfileReportContract
{
    public string? EnergyOrigin { get; set; }

    public List<EnergySourceDescription>? Sources { get; set; }

    public List<ProfileCallSiteContract>? CallSites { get; set; }

    public List<ProfileRemoteCallContract>? RemoteCalls { get; set; }
}
