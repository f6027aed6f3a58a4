using System;
using System.Collections.Generic;

namespace EfficiencyKit.Onnx.Model;

/// <summary>
/// ONNX requires a graph's nodes in topological order (the checker enforces it). The inspector costs nodes in file
/// order and the quantizer rewrites them in place, so a node that reads a value produced by itself or by a later
/// node (a cycle, or a graph that was never sorted) would be costed or rewritten on shapes that do not exist yet.
/// </summary>
public static class GraphOrder
{
    /// <summary>Throws when a node of the main graph reads a value that the same node or a later one produces.</summary>
    /// <exception cref="OnnxFormatException">The graph has a cycle or is not topologically sorted.</exception>
    public static void RequireTopological(OnnxGraph graph, string source)
    {
        if (graph is null)
        {
            throw new ArgumentNullException(nameof(graph));
        }

        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < graph.Nodes.Count; i++)
        {
            foreach (var output in graph.Nodes[i].Outputs)
            {
                if (output.Length > 0 && !producer.ContainsKey(output))
                {
                    producer[output] = i;
                }
            }
        }

        for (var i = 0; i < graph.Nodes.Count; i++)
        {
            foreach (var input in graph.Nodes[i].Inputs)
            {
                if (input.Length > 0 && producer.TryGetValue(input, out var j) && j >= i)
                {
                    var by = j == i ? "the node itself" : $"the later node '{graph.Nodes[j].DisplayName}' (node {j})";
                    throw new OnnxFormatException(
                        source,
                        -1,
                        $"graph.node[{i}]",
                        $"node '{graph.Nodes[i].DisplayName}' reads '{input}', which {by} produces: the graph has a cycle or is not in topological order, as ONNX requires");
                }
            }
        }
    }
}
