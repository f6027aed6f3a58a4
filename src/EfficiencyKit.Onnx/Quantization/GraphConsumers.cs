using System;
using System.Collections.Generic;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Quantization;

/// <summary>How many nodes (subgraphs included) and graph outputs read each value, so unused weights can be dropped.</summary>
internal sealed class GraphConsumers
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    public GraphConsumers(OnnxGraph graph)
    {
        Count(graph);
        foreach (var output in graph.Outputs)
        {
            Add(output.Name, 1);
        }
    }

    public int Of(string name) => _counts.TryGetValue(name, out var count) ? count : 0;

    public void Add(string name, int delta) => _counts[name] = Of(name) + delta;

    private void Count(OnnxGraph graph)
    {
        foreach (var node in graph.Nodes)
        {
            foreach (var input in node.Inputs)
            {
                if (input.Length > 0)
                {
                    Add(input, 1);
                }
            }

            foreach (var attribute in node.Attributes)
            {
                if (attribute.G is { } g)
                {
                    Count(g);
                }

                foreach (var inner in attribute.Graphs)
                {
                    Count(inner);
                }
            }
        }
    }
}
