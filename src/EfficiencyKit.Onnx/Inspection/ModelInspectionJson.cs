using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Inspection;

/// <summary>
/// Writes a <see cref="ModelInspection"/> as JSON (schema <see cref="Schema"/>, documented in docs/onnx.md and
/// docs/schemas/model-inspection.schema.json): what the CLI prints with <c>--format json</c> and what the build's
/// model manifest holds.
/// </summary>
public static class ModelInspectionJson
{
    /// <summary>The schema identifier written into every document.</summary>
    public const string Schema = ContractSchemas.ModelInspection;

    /// <summary>Writes one inspection as a JSON object.</summary>
    public static void Write(Utf8JsonWriter json, ModelInspection inspection)
    {
        json.WriteStartObject();
        json.WriteString("schema", Schema);
        json.WriteString("path", inspection.Path);
        json.WriteNumber("fileBytes", inspection.FileBytes);
        json.WriteNumber("externalDataBytes", inspection.ExternalDataBytes);
        json.WriteNumber("irVersion", inspection.IrVersion);
        json.WriteObjectArray("opsets", inspection.Opsets, static (json, opset) =>
        {
            json.WriteString("domain", opset.Domain);
            json.WriteNumber("version", opset.Version);
        });
        json.WriteString("producer", inspection.Producer);
        WriteValues(json, "inputs", inspection.Inputs);
        WriteValues(json, "outputs", inspection.Outputs);
        json.WriteNumber("parameters", inspection.ParameterCount);
        json.WriteNumber("weightBytes", inspection.WeightBytes);
        json.WriteObjectArray("dataTypes", inspection.DataTypes, static (json, share) =>
        {
            json.WriteString("dataType", share.DataType);
            json.WriteNumber("tensors", share.Tensors);
            json.WriteNumber("elements", share.Elements);
            json.WriteNumber("bytes", share.Bytes);
        });
        json.WriteNumber("nodeCount", inspection.NodeCount);
        json.WriteObjectArray("operators", inspection.Operators, static (json, op) =>
        {
            json.WriteString("operator", op.Operator);
            json.WriteNumber("count", op.Count);
            json.WriteBoolean("costModel", op.HasCostModel);
        });
        WriteCost(json, inspection.Cost);
        var energy = inspection.Energy;
        json.WriteStartObject("energy");
        json.WriteString("profile", energy.Profile);
        json.WriteString("origin", "modelled");
        json.WriteNumber("seconds", energy.Seconds);
        json.WriteNumber("joules", energy.Joules);
        json.WriteNumber("minJoules", energy.MinJoules);
        json.WriteNumber("maxJoules", energy.MaxJoules);
        json.WriteBoolean("lowerBound", !inspection.Cost.IsComplete);
        json.WriteString("basis", energy.Basis);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>The inspection as an indented JSON document.</summary>
    public static string ToJson(ModelInspection inspection)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            Write(json, inspection);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteCost(Utf8JsonWriter json, InferenceCost cost)
    {
        json.WriteStartObject("cost");
        json.WriteNumber("batchSize", cost.BatchSize);
        WriteCounts(json, "dimensions", cost.Dimensions);
        json.WriteStringArray("unresolvedDimensions", cost.UnresolvedDimensions);
        json.WriteNumber("operations", cost.Operations);
        WriteCounts(json, "operationsByPrecision", cost.OperationsByPrecision);
        json.WriteNumber("bytesMoved", cost.BytesMoved);
        json.WriteBoolean("complete", cost.IsComplete);
        json.WriteObjectArray("unknownNodes", cost.UnknownNodes, static (json, node) =>
        {
            json.WriteString("node", node.Node);
            json.WriteString("operator", node.Operator);
            json.WriteString("reason", node.Reason);
        });
        json.WriteEndObject();
    }

    // An object whose property names are data (dimension names, precisions), each with its count.
    private static void WriteCounts(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, long> counts)
    {
        json.WriteStartObject(name);
        foreach (var pair in counts)
        {
            json.WriteNumber(pair.Key, pair.Value);
        }

        json.WriteEndObject();
    }

    private static void WriteValues(Utf8JsonWriter json, string name, IReadOnlyList<ModelValue> values)
        => json.WriteObjectArray(name, values, static (json, value) =>
        {
            json.WriteString("name", value.Name);
            json.WriteString("elementType", value.ElementType);
            json.WriteStringArray("shape", value.Shape);
        });
}
