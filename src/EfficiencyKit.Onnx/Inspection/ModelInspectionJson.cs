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
        json.WriteStartArray("opsets");
        foreach (var opset in inspection.Opsets)
        {
            json.WriteStartObject();
            json.WriteString("domain", opset.Domain);
            json.WriteNumber("version", opset.Version);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("producer", inspection.Producer);
        WriteValues(json, "inputs", inspection.Inputs);
        WriteValues(json, "outputs", inspection.Outputs);
        json.WriteNumber("parameters", inspection.ParameterCount);
        json.WriteNumber("weightBytes", inspection.WeightBytes);
        json.WriteStartArray("dataTypes");
        foreach (var share in inspection.DataTypes)
        {
            json.WriteStartObject();
            json.WriteString("dataType", share.DataType);
            json.WriteNumber("tensors", share.Tensors);
            json.WriteNumber("elements", share.Elements);
            json.WriteNumber("bytes", share.Bytes);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("nodeCount", inspection.NodeCount);
        json.WriteStartArray("operators");
        foreach (var op in inspection.Operators)
        {
            json.WriteStartObject();
            json.WriteString("operator", op.Operator);
            json.WriteNumber("count", op.Count);
            json.WriteBoolean("costModel", op.HasCostModel);
            json.WriteEndObject();
        }

        json.WriteEndArray();
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
        json.WriteStartObject("dimensions");
        foreach (var pair in cost.Dimensions)
        {
            json.WriteNumber(pair.Key, pair.Value);
        }

        json.WriteEndObject();
        json.WriteStartArray("unresolvedDimensions");
        foreach (var name in cost.UnresolvedDimensions)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
        json.WriteNumber("operations", cost.Operations);
        json.WriteStartObject("operationsByPrecision");
        foreach (var pair in cost.OperationsByPrecision)
        {
            json.WriteNumber(pair.Key, pair.Value);
        }

        json.WriteEndObject();
        json.WriteNumber("bytesMoved", cost.BytesMoved);
        json.WriteBoolean("complete", cost.IsComplete);
        json.WriteStartArray("unknownNodes");
        foreach (var node in cost.UnknownNodes)
        {
            json.WriteStartObject();
            json.WriteString("node", node.Node);
            json.WriteString("operator", node.Operator);
            json.WriteString("reason", node.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteValues(Utf8JsonWriter json, string name, IReadOnlyList<ModelValue> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStartObject();
            json.WriteString("name", value.Name);
            json.WriteString("elementType", value.ElementType);
            json.WriteStartArray("shape");
            foreach (var dim in value.Shape)
            {
                json.WriteStringValue(dim);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
