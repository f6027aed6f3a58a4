using System;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EfficiencyKit.Profiler.Reports;

/// <summary>Reads and writes the JSON form of <see cref="EnergyReport"/> (documented in docs/profiler.md, "Report (JSON)", and docs/schemas/energy-report.schema.json).</summary>
public static class EnergyReportJson
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        WriteIndented = true,

        // Reports are read by people too: keep '+', '<' and non-ASCII readable (the file is never embedded in HTML).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(EnergyReport report) => JsonSerializer.Serialize(report, s_options);

    public static void Write(EnergyReport report, string path) => File.WriteAllText(path, Serialize(report));

    /// <summary>
    /// Reads a report; a v1 report (<c>"schemaVersion": 1</c>) is read after one call of <paramref name="warn"/>
    /// (null: the caller shows no warnings), any other version is refused.
    /// </summary>
    public static EnergyReport Read(string path, Action<string>? warn = null)
    {
        EnergyReport? report;
        try
        {
            using var document = ContractDocument.Parse(path, File.ReadAllText(path), ContractSchemas.EnergyReport, warn ?? (_ => { }));
            report = document.RootElement.Deserialize<EnergyReport>(s_options);
        }
        catch (JsonException exception)
        {
            throw new ProfilerException(ProfilerErrorKind.Input, $"'{path}' is not an energy report: {exception.Message}", exception);
        }
        catch (InvalidDataException exception)
        {
            throw new ProfilerException(ProfilerErrorKind.Input, exception.Message, exception);
        }

        return report ?? throw new ProfilerException(ProfilerErrorKind.Input, $"'{path}' is not an energy report: it is null.");
    }
}
