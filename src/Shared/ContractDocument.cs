using System;
using System.IO;
using System.Text;
using System.Text.Json;

namespace EfficiencyKit;

/// <summary>
/// Parses a file of one of the <see cref="ContractSchemas"/> formats into its current shape, so a reader only knows
/// today's names: a v1 file is read after one warning and upgraded in memory (the schema id, and camelCase names
/// where v1 used snake_case); any other version is refused with a message naming the file.
/// </summary>
internal static class ContractDocument
{
    // Objects whose keys are data (symbolic dimension names, precisions), not field names: never renamed.
    private static readonly string[] s_dataKeyed = ["dimensions", "operations_by_precision"];

    /// <summary>
    /// The document at <paramref name="path"/> (its text <paramref name="json"/>), of the format whose current id is
    /// <paramref name="schema"/>. Throws <see cref="JsonException"/> for text that is not JSON or names no schema, and
    /// <see cref="InvalidDataException"/> for a document of another format or version.
    /// </summary>
    public static JsonDocument Parse(string path, string json, string schema, Action<string> warn)
    {
        var document = JsonDocument.Parse(json);
        var found = SchemaOf(document.RootElement);
        if (found == schema)
        {
            return document;
        }

        using (document)
        {
            // No schema at all is not a file of ours (malformed, or hand-written); another version is one we cannot read.
            if (found is null)
            {
                throw new JsonException(ContractSchemas.Unreadable(path, found, schema));
            }

            if (found != ContractSchemas.Previous(schema))
            {
                throw new InvalidDataException(ContractSchemas.Unreadable(path, found, schema));
            }

            warn(ContractSchemas.PreviousWarning(path, schema));
            return JsonDocument.Parse(Upgrade(document.RootElement, schema));
        }
    }

    // The energy report's v1 said "schemaVersion": 1 where the other formats said "schema": "…/v1".
    private static string? SchemaOf(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("schema", out var schema))
        {
            return schema.ValueKind == JsonValueKind.String ? schema.GetString() : schema.GetRawText();
        }

        return root.TryGetProperty("schemaVersion", out var version) && version.ValueKind == JsonValueKind.Number && version.GetRawText() == "1"
            ? ContractSchemas.Previous(ContractSchemas.EnergyReport)
            : null;
    }

    private static byte[] Upgrade(JsonElement root, string schema)
    {
        // v1 of the two model formats named fields in snake_case; the others only change their schema id.
        var rename = schema is ContractSchemas.ModelsManifest or ContractSchemas.ModelInspection;
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("schema", schema);
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name is not ("schema" or "schemaVersion"))
                {
                    WriteProperty(json, property, rename);
                }
            }

            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void WriteProperty(Utf8JsonWriter json, JsonProperty property, bool rename)
    {
        json.WritePropertyName(rename ? CamelCase(property.Name) : property.Name);
        if (property.Name == "schema" && property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() == ContractSchemas.Previous(ContractSchemas.ModelInspection))
        {
            // The inspections a v1 manifest holds are v1 too, and upgrade with it.
            json.WriteStringValue(ContractSchemas.ModelInspection);
        }
        else
        {
            WriteValue(json, property.Value, rename && Array.IndexOf(s_dataKeyed, property.Name) < 0);
        }
    }

    private static void WriteValue(Utf8JsonWriter json, JsonElement value, bool rename)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                json.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    WriteProperty(json, property, rename);
                }

                json.WriteEndObject();
                break;
            case JsonValueKind.Array:
                json.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteValue(json, item, rename);
                }

                json.WriteEndArray();
                break;
            default:
                value.WriteTo(json);
                break;
        }
    }

    // "quantized_output_path" -> "quantizedOutputPath".
    private static string CamelCase(string name)
    {
        var camel = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            camel.Append(name[i] == '_' && i + 1 < name.Length ? char.ToUpperInvariant(name[++i]) : name[i]);
        }

        return camel.ToString();
    }
}
