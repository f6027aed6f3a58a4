using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using EfficiencyKit.Energy;

namespace EfficiencyKit.Build.Evidence;

/// <summary>
/// The parts of a dotnet-energy report (the profiler's EnergyReport, camelCase JSON) that the analyzers use. The
/// profiler targets net8.0, so the tasks cannot reference its types: these mirror its property names, and the
/// sources are the Energy library's own <see cref="EnergySourceDescription"/>.
/// </summary>
internal sealed class ProfileReportContract
{
    // As dotnet-energy writes its report (EnergyReportJson): camelCase names and enum values.
    private static readonly JsonSerializerOptions s_options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public string? EnergyOrigin { get; set; }

    public List<EnergySourceDescription>? Sources { get; set; }

    public List<ProfileCallSiteContract>? CallSites { get; set; }

    public List<ProfileRemoteCallContract>? RemoteCalls { get; set; }

    /// <summary>The report in <paramref name="json"/>; throws <see cref="JsonException"/> when it is not one.</summary>
    public static ProfileReportContract Parse(string json)
        => JsonSerializer.Deserialize<ProfileReportContract>(json, s_options) ?? throw new JsonException("The report is null.");
}
