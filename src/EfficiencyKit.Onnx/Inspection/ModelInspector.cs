using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Inspection;

/// <summary>
/// Inspects an ONNX model without loading its weights: structure, parameters, data types, operators, and the
/// work and modelled energy of one inference.
/// </summary>
public static class ModelInspector
{
    /// <summary>Reads and inspects the model at <paramref name="path"/>.</summary>
    /// <exception cref="OnnxFormatException">The file is not a well-formed ONNX model, or its external data is missing, outside the model's folder or shorter than its tensors.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ModelInspection Inspect(string path, InspectionOptions? options = null)
    {
        var fullPath = Path.GetFullPath(path);
        var model = OnnxModelReader.Read(fullPath);

        // The same checks the quantizer makes before it reads a byte: a location inside the model's folder, a file
        // that exists, offsets and lengths inside it. The inspection reads no weights, so without them a model
        // pointing at /etc/passwd or at nothing would pass as well-formed.
        foreach (var tensor in StoredTensors(model.Graph).Where(t => t.IsExternal))
        {
            _ = OnnxTensorData.FindPayload(tensor);
        }

        return Inspect(model, fullPath, new FileInfo(fullPath).Length, options);
    }

    /// <summary>Inspects a model already read; <paramref name="path"/> and <paramref name="fileBytes"/> describe where it came from.</summary>
    /// <exception cref="OnnxFormatException">The graph has a cycle or is not in topological order.</exception>
    public static ModelInspection Inspect(OnnxModel model, string path, long fileBytes, InspectionOptions? options = null)
    {
        if (model is null)
        {
            throw new ArgumentNullException(nameof(model));
        }

        options ??= new InspectionOptions();
        if (options.BatchSize <= 0)
        {
            throw new ArgumentException($"The batch size must be positive, not {options.BatchSize}.", nameof(options));
        }

        GraphOrder.RequireTopological(model.Graph, path);

        var stored = StoredTensors(model.Graph).ToList();
        var initializerNames = new HashSet<string>(model.Graph.Initializers.Select(i => i.Name), StringComparer.Ordinal);
        var nodes = AllNodes(model.Graph).ToList();
        var (cost, work) = GraphCostAnalyzer.Analyze(model, options);

        return new ModelInspection(
            path,
            fileBytes,
            stored.Where(t => t.IsExternal).Sum(t => t.ByteCount),
            model.IrVersion,
            [.. model.OpsetImports],
            string.IsNullOrEmpty(model.ProducerName) ? null : (model.ProducerName + " " + model.ProducerVersion).Trim(),
            model.Graph.Inputs.Where(i => !initializerNames.Contains(i.Name)).Select(Describe).ToList(),
            model.Graph.Outputs.Select(Describe).ToList(),
            stored.Where(IsParameter).Sum(t => t.ElementCount),
            stored.Sum(t => t.ByteCount),
            stored.GroupBy(t => t.DataType)
                .Select(g => new DataTypeShare(OnnxDataTypes.Name(g.Key), g.Count(), g.Sum(t => t.ElementCount), g.Sum(t => t.ByteCount)))
                .OrderByDescending(s => s.Bytes).ThenBy(s => s.DataType, StringComparer.Ordinal)
                .ToList(),
            nodes.Count,
            nodes.GroupBy(n => n.QualifiedOpType)
                .Select(g => new OperatorCount(g.Key, g.Count(), OperatorModels.IsModelled(g.Key)))
                .OrderByDescending(o => o.Count).ThenBy(o => o.Operator, StringComparer.Ordinal)
                .ToList(),
            cost,
            options.Profile.Estimate(work));
    }

    private static bool IsParameter(OnnxTensor tensor)
        => OnnxDataTypes.IsFloatingPoint(tensor.DataType) || tensor.DataType is OnnxDataType.Int8 or OnnxDataType.UInt8 or OnnxDataType.Int4 or OnnxDataType.UInt4;

    private static ModelValue Describe(OnnxValueInfo value)
        => value.Type is { IsTensor: true } type
            ? new ModelValue(value.Name, OnnxDataTypes.Name(type.ElementType), type.Shape?.Select(d => d.ToString()).ToList() ?? ["?"])
            : new ModelValue(value.Name, "non-tensor", []);

    /// <summary>Initializers and Constant-node tensors, subgraphs included.</summary>
    private static IEnumerable<OnnxTensor> StoredTensors(OnnxGraph graph)
    {
        foreach (var initializer in graph.Initializers)
        {
            yield return initializer;
        }

        foreach (var node in graph.Nodes)
        {
            if (node.OpType == "Constant" && node.FindAttribute("value")?.T is { } value)
            {
                yield return value;
            }

            foreach (var subgraph in Subgraphs(node))
            {
                foreach (var tensor in StoredTensors(subgraph))
                {
                    yield return tensor;
                }
            }
        }
    }

    private static IEnumerable<OnnxNode> AllNodes(OnnxGraph graph)
    {
        foreach (var node in graph.Nodes)
        {
            yield return node;
            foreach (var inner in Subgraphs(node).SelectMany(AllNodes))
            {
                yield return inner;
            }
        }
    }

    private static IEnumerable<OnnxGraph> Subgraphs(OnnxNode node)
        => node.Attributes.SelectMany(a => a.G is { } g ? [g, .. a.Graphs] : a.Graphs);
}
