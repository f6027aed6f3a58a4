using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace EfficiencyKit.Profiler.Tests;

/// <summary>
/// Validates a JSON document against the subset of JSON Schema (2020-12) that docs/schemas uses: type, const,
/// enum, required, properties, additionalProperties, items, minimum, format date-time. Any other keyword throws,
/// so the schema cannot silently use more than is checked. (JsonSchema.Net needs packages our registry lacks.)
/// </summary>
internal static class JsonSchemaSubsetValidator
{
    private static readonly HashSet<string> s_annotations = ["$schema", "$id", "title", "description"];

    public static IReadOnlyList<string> Validate(JsonElement schema, JsonElement instance)
    {
        var errors = new List<string>();
        Validate(schema, instance, "$", errors);
        return errors;
    }

    private static void Validate(JsonElement schema, JsonElement instance, string path, List<string> errors)
    {
        foreach (var keyword in schema.EnumerateObject())
        {
            switch (keyword.Name)
            {
                case "type":
                    var types = keyword.Value.ValueKind == JsonValueKind.Array ? keyword.Value.EnumerateArray().Select(t => t.GetString()!).ToList() : [keyword.Value.GetString()!];
                    if (!types.Any(type => HasType(instance, type)))
                    {
                        errors.Add($"{path}: expected {string.Join(" or ", types)}, found {instance.ValueKind}");
                        return;
                    }

                    break;
                case "const":
                    if (!JsonElement.DeepEquals(keyword.Value, instance))
                    {
                        errors.Add($"{path}: expected {keyword.Value}, found {instance}");
                    }

                    break;
                case "enum":
                    if (!keyword.Value.EnumerateArray().Any(value => JsonElement.DeepEquals(value, instance)))
                    {
                        errors.Add($"{path}: {instance} is not one of {keyword.Value}");
                    }

                    break;
                case "required":
                    foreach (var name in keyword.Value.EnumerateArray().Select(n => n.GetString()!))
                    {
                        if (instance.ValueKind == JsonValueKind.Object && !instance.TryGetProperty(name, out _))
                        {
                            errors.Add($"{path}: required property '{name}' is missing");
                        }
                    }

                    break;
                case "properties":
                    if (instance.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var property in keyword.Value.EnumerateObject())
                        {
                            if (instance.TryGetProperty(property.Name, out var value))
                            {
                                Validate(property.Value, value, $"{path}.{property.Name}", errors);
                            }
                        }
                    }

                    break;
                case "additionalProperties":
                    if (instance.ValueKind == JsonValueKind.Object)
                    {
                        var declared = schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => p.Name).ToHashSet() : [];
                        foreach (var property in instance.EnumerateObject().Where(p => !declared.Contains(p.Name)))
                        {
                            if (keyword.Value.ValueKind == JsonValueKind.False)
                            {
                                errors.Add($"{path}: property '{property.Name}' is not in the schema");
                            }
                            else if (keyword.Value.ValueKind == JsonValueKind.Object)
                            {
                                Validate(keyword.Value, property.Value, $"{path}.{property.Name}", errors);
                            }
                        }
                    }

                    break;
                case "items":
                    if (instance.ValueKind == JsonValueKind.Array)
                    {
                        var index = 0;
                        foreach (var item in instance.EnumerateArray())
                        {
                            Validate(keyword.Value, item, $"{path}[{index++}]", errors);
                        }
                    }

                    break;
                case "minimum":
                    if (instance.ValueKind == JsonValueKind.Number && instance.GetDouble() < keyword.Value.GetDouble())
                    {
                        errors.Add($"{path}: {instance} is below the minimum {keyword.Value}");
                    }

                    break;
                case "format":
                    if (keyword.Value.GetString() == "date-time" && instance.ValueKind == JsonValueKind.String
                        && !DateTimeOffset.TryParse(instance.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
                    {
                        errors.Add($"{path}: '{instance.GetString()}' is not a date-time");
                    }

                    break;
                default:
                    if (!s_annotations.Contains(keyword.Name))
                    {
                        throw new NotSupportedException($"Schema keyword '{keyword.Name}' at {path} is not supported by this validator.");
                    }

                    break;
            }
        }
    }

    private static bool HasType(JsonElement instance, string type) => type switch
    {
        "object" => instance.ValueKind == JsonValueKind.Object,
        "array" => instance.ValueKind == JsonValueKind.Array,
        "string" => instance.ValueKind == JsonValueKind.String,
        "number" => instance.ValueKind == JsonValueKind.Number,
        "integer" => instance.ValueKind == JsonValueKind.Number && instance.TryGetInt64(out _),
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => instance.ValueKind == JsonValueKind.Null,
        _ => throw new NotSupportedException($"Schema type '{type}' is not supported."),
    };
}
