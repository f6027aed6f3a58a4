using System;
using System.Collections.Generic;
using System.IO;
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

    /// <summary>
    /// The report at <paramref name="path"/> (its text <paramref name="json"/>); a v1 report after one warning. Throws
    /// <see cref="JsonException"/> when it is not one, <see cref="InvalidDataException"/> for another version.
    /// </summary>
    public static ProfileReportContract Parse(string path, string json, Action<string> warn)
    {
        using var document = ContractDocument.Parse(path, json, ContractSchemas.EnergyReport, warn);
        return document.Deserialize<ProfileReportContract>(s_options) ?? throw new JsonException("The report is null.");
    }
}
