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

    public static EnergyReport Read(string path)
    {
        EnergyReport? report;
        try
        {
            report = JsonSerializer.Deserialize<EnergyReport>(File.ReadAllText(path), s_options);
        }
        catch (JsonException exception)
        {
            throw new ProfilerException(ProfilerErrorKind.Input, $"'{path}' is not an energy report: {exception.Message}", exception);
        }

        if (report is null || report.SchemaVersion != EnergyReport.CurrentSchemaVersion)
        {
            throw new ProfilerException(ProfilerErrorKind.Input, $"'{path}' has report schema version {report?.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}; this tool reads version {EnergyReport.CurrentSchemaVersion}.");
        }

        return report;
    }
}
