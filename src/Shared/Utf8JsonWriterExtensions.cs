using System;
using System.Collections.Generic;
using System.Text.Json;

namespace EfficiencyKit;

/// <summary>
/// The array and map shapes our JSON contracts (inspection, manifest, budget) are written in, so each writer says
/// what an element holds and not again how an array is opened and closed. Compiled into each assembly that writes
/// them (no shared assembly ships), like <see cref="ContractSchemas"/>.
/// </summary>
internal static class Utf8JsonWriterExtensions
{
    /// <summary>Writes the property <paramref name="name"/> as an array of <paramref name="items"/>, each written by <paramref name="writeItem"/>.</summary>
    public static void WriteArray<T>(this Utf8JsonWriter json, string name, IEnumerable<T> items, Action<Utf8JsonWriter, T> writeItem)
    {
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            writeItem(json, item);
        }

        json.WriteEndArray();
    }

    /// <summary>Writes the property <paramref name="name"/> as an array of objects, one per item, whose properties <paramref name="writeProperties"/> writes.</summary>
    public static void WriteObjectArray<T>(this Utf8JsonWriter json, string name, IEnumerable<T> items, Action<Utf8JsonWriter, T> writeProperties)
        => json.WriteArray(name, items, (writer, item) =>
        {
            writer.WriteStartObject();
            writeProperties(writer, item);
            writer.WriteEndObject();
        });

    /// <summary>Writes the property <paramref name="name"/> as an array of strings.</summary>
    public static void WriteStringArray(this Utf8JsonWriter json, string name, IEnumerable<string> values)
        => json.WriteArray(name, values, static (writer, value) => writer.WriteStringValue(value));
}
