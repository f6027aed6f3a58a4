using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using EfficiencyKit.Profiler.Reports;

namespace EfficiencyKit.Profiler.Budgets;

/// <summary>
/// Reads and writes energy-budget.json. Reading validates every field and names the file and the field path of the
/// first problem ("energy-budget.json: scenarios[0].tolerance must be a number between 0 and 10"); writing goes to a
/// temporary file first, so an interrupted write never leaves a half-written budget.
/// </summary>
public static class EnergyBudgetJson
{
    private static readonly JsonWriterOptions s_writerOptions = new() { Indented = true };

    /// <summary>
    /// Reads a budget, upgraded to <see cref="EnergyBudget.CurrentSchema"/> so that writing it back writes the
    /// current format; a v1 budget is read after one call of <paramref name="warn"/> (null: the caller shows no
    /// warnings), any other version is refused.
    /// </summary>
    public static EnergyBudget Read(string path, Action<string>? warn = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ProfilerException(ProfilerErrorKind.Input, $"Cannot read the budget '{path}': {exception.Message}", exception);
        }

        JsonDocument document;
        try
        {
            // Strict JSON (no comments, no trailing commas): the file is also read by CI scripts and other tools.
            document = JsonDocument.Parse(text);
        }
        catch (JsonException exception)
        {
            throw new ProfilerException(ProfilerErrorKind.Input, $"{path}: not valid JSON (line {exception.LineNumber + 1}): {exception.Message}", exception);
        }

        using (document)
        {
            var reader = new FieldReader(path);
            var root = reader.Object(document.RootElement, string.Empty);
            var schema = reader.String(root, "schema");
            if (schema == ContractSchemas.Previous(EnergyBudget.CurrentSchema))
            {
                // v1 had the same fields: only its id changes.
                warn?.Invoke(ContractSchemas.PreviousWarning(path, EnergyBudget.CurrentSchema));
            }
            else if (schema != EnergyBudget.CurrentSchema)
            {
                throw reader.Error("schema", $"is '{schema}'; this tool reads '{EnergyBudget.CurrentSchema}' (and '{ContractSchemas.Previous(EnergyBudget.CurrentSchema)}'): regenerate the budget with 'dotnet-energy baseline', or update dotnet-energy");
            }

            var scenarios = reader.Array(root, "scenarios").Select((s, i) => ReadScenario(reader, s, $"scenarios[{i}]")).ToList();
            var duplicate = scenarios.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw reader.Error("scenarios", $"name the scenario '{duplicate.Key}' twice");
            }

            return new EnergyBudget(EnergyBudget.CurrentSchema, scenarios);
        }
    }

    public static void Write(EnergyBudget budget, string path)
    {
        var full = Path.GetFullPath(path);
        var temporary = full + ".tmp";
        using (var stream = File.Create(temporary))
        using (var json = new Utf8JsonWriter(stream, s_writerOptions))
        {
            json.WriteStartObject();
            json.WriteString("schema", budget.Schema);
            json.WriteArray("scenarios", budget.Scenarios, WriteScenario);
            json.WriteEndObject();
        }

        File.Move(temporary, full, overwrite: true);
    }

    private static BudgetScenario ReadScenario(FieldReader reader, JsonElement element, string path)
    {
        var scenario = reader.Object(element, path);
        var command = reader.Array(scenario, "command", path).Select((c, i) => reader.StringValue(c, $"{path}.command[{i}]")).ToList();
        if (command.Count == 0)
        {
            throw reader.Error($"{path}.command", "is empty: name the program to run");
        }

        FunctionalUnit? unit = null;
        if (scenario.TryGetProperty("unit", out var unitElement) && unitElement.ValueKind != JsonValueKind.Null)
        {
            var unitObject = reader.Object(unitElement, $"{path}.unit");
            unit = new FunctionalUnit(reader.String(unitObject, "name", $"{path}.unit"), reader.Integer(unitObject, "count", $"{path}.unit", 1, long.MaxValue));
        }

        var source = reader.Object(reader.Property(scenario, "source", path), $"{path}.source");
        return new BudgetScenario(
            reader.String(scenario, "name", path),
            command,
            (int)reader.Integer(scenario, "runs", path, 5, 100),
            unit,
            reader.Number(scenario, "tolerance", path, 0, 10),
            new BudgetEnergySource(reader.String(source, "kinds", $"{path}.source"), reader.String(source, "origin", $"{path}.source"), reader.String(source, "scope", $"{path}.source")),
            ReadFigure(reader, reader.Property(scenario, "total", path), $"{path}.total"),
            reader.Array(scenario, "callSites", path).Select((site, i) =>
            {
                var sitePath = $"{path}.callSites[{i}]";
                var siteObject = reader.Object(site, sitePath);
                return new BudgetCallSite(
                    reader.String(siteObject, "method", sitePath),
                    reader.OptionalString(siteObject, "file"),
                    siteObject.TryGetProperty("line", out var line) && line.ValueKind == JsonValueKind.Number ? line.GetInt32() : null,
                    ReadFigure(reader, reader.Property(siteObject, "joules", sitePath), $"{sitePath}.joules"),
                    siteObject.TryGetProperty("cpuSamplesPerRun", out var samples) ? reader.Number(samples, $"{sitePath}.cpuSamplesPerRun", 0, double.MaxValue) : null);
            }).ToList());
    }

    private static BudgetFigure ReadFigure(FieldReader reader, JsonElement element, string path)
    {
        var figure = reader.Object(element, path);
        var samples = reader.Array(figure, "samples", path).Select((s, i) => reader.Number(s, $"{path}.samples[{i}]", 0, double.MaxValue)).ToList();
        if (samples.Count < 2)
        {
            throw reader.Error($"{path}.samples", "needs at least two runs (the check compares distributions)");
        }

        // The median and spread are written for people and other tools; the check recomputes them from the samples,
        // so a hand-edited median that disagrees with them would be silently ignored: refuse it instead.
        var computed = BudgetFigure.Of(samples);
        foreach (var (name, value) in new[] { ("median", computed.Median), ("spread", computed.Spread) })
        {
            if (figure.TryGetProperty(name, out _)
                && reader.Number(figure, name, path, 0, double.MaxValue) is var written
                && Math.Abs(written - value) > 1e-9 * Math.Max(1, Math.Abs(value)))
            {
                throw reader.Error(
                    $"{path}.{name}",
                    $"is {written.ToString("G6", CultureInfo.InvariantCulture)} but the samples give {value.ToString("G6", CultureInfo.InvariantCulture)}: edit the samples (or run 'baseline' again), not the {name}");
            }
        }

        return computed;
    }

    private static void WriteScenario(Utf8JsonWriter json, BudgetScenario scenario)
    {
        json.WriteStartObject();
        json.WriteString("name", scenario.Name);
        json.WriteStringArray("command", scenario.Command);
        json.WriteNumber("runs", scenario.Runs);
        if (scenario.Unit is { } unit)
        {
            json.WriteStartObject("unit");
            json.WriteString("name", unit.Name);
            json.WriteNumber("count", unit.Count);
            json.WriteEndObject();
        }

        json.WriteNumber("tolerance", scenario.Tolerance);
        json.WriteStartObject("source");
        json.WriteString("kinds", scenario.Source.Kinds);
        json.WriteString("origin", scenario.Source.Origin);
        json.WriteString("scope", scenario.Source.Scope);
        json.WriteEndObject();
        json.WritePropertyName("total");
        WriteFigure(json, scenario.Total);
        json.WriteObjectArray("callSites", scenario.CallSites, static (json, site) =>
        {
            json.WriteString("method", site.Method);
            if (site.File is not null)
            {
                json.WriteString("file", site.File);
            }

            if (site.Line is { } line)
            {
                json.WriteNumber("line", line);
            }

            json.WritePropertyName("joules");
            WriteFigure(json, site.Joules);
            if (site.CpuSamplesPerRun is { } samples)
            {
                json.WriteNumber("cpuSamplesPerRun", samples);
            }
        });
        json.WriteEndObject();
    }

    private static void WriteFigure(Utf8JsonWriter json, BudgetFigure figure)
    {
        json.WriteStartObject();
        json.WriteNumber("median", figure.Median);
        json.WriteNumber("spread", figure.Spread);
        json.WriteArray("samples", figure.Samples, static (json, sample) => json.WriteNumberValue(sample));
        json.WriteEndObject();
    }

    /// <summary>Typed access to fields, failing with the file and the field path.</summary>
    private sealed class FieldReader(string file)
    {
        public ProfilerException Error(string field, string problem) => new(ProfilerErrorKind.Input, $"{file}: {(field.Length == 0 ? "the document" : field)} {problem}.");

        public JsonElement Object(JsonElement element, string path)
            => element.ValueKind == JsonValueKind.Object ? element : throw Error(path, "must be an object");

        public JsonElement Property(JsonElement parent, string name, string path = "")
            => parent.TryGetProperty(name, out var value) ? value : throw Error(Join(path, name), "is missing");

        public IEnumerable<JsonElement> Array(JsonElement parent, string name, string path = "")
        {
            var value = Property(parent, name, path);
            return value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : throw Error(Join(path, name), "must be an array");
        }

        public string String(JsonElement parent, string name, string path = "") => StringValue(Property(parent, name, path), Join(path, name));

        public string StringValue(JsonElement value, string path)
            => value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : throw Error(path, "must be a non-empty string");

        public string? OptionalString(JsonElement parent, string name)
            => parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        public double Number(JsonElement parent, string name, string path, double min, double max) => Number(Property(parent, name, path), Join(path, name), min, max);

        public double Number(JsonElement value, string path, double min, double max)
            => value.ValueKind == JsonValueKind.Number && value.GetDouble() is var number && number >= min && number <= max
                ? number
                : throw Error(path, $"must be a number between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");

        public long Integer(JsonElement parent, string name, string path, long min, long max)
            => Property(parent, name, path) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number) && number >= min && number <= max
                ? number
                : throw Error(Join(path, name), FormattableString.Invariant($"must be a whole number between {min} and {max}"));

        private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
    }
}
