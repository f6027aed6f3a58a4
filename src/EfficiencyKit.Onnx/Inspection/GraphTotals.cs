using System;
using System.Collections.Generic;
using System.Linq;
using EfficiencyKit.Energy.Hardware;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Inspection;

/// <summary>What the costed nodes of one graph (the model's, or a subgraph's) add up to, and the nodes that could not be costed.</summary>
internal sealed class GraphTotals
{
    public double Operations { get; private set; }

    public double Bytes { get; private set; }

    public SortedDictionary<string, double> ByPrecision { get; } = new(StringComparer.Ordinal);

    public List<ComputeWork> Work { get; } = [];

    public List<UnknownNodeCost> Unknown { get; } = [];

    public void Add(OnnxNode node, IReadOnlyList<ComputeWork> work)
    {
        var operations = work.Sum(w => w.Operations);
        var bytes = work.Sum(w => w.Bytes);

        // Totals are reported as 64-bit counts: a node that would push them past that (a 2^62 dimension, a
        // crafted shape) is a cost we cannot state, so it is unknown and the inspection says it is incomplete.
        if (Operations + operations >= long.MaxValue || Bytes + bytes >= long.MaxValue)
        {
            Unknown.Add(new UnknownNodeCost(node.DisplayName, node.QualifiedOpType, $"its cost ({operations:G3} operations, {bytes:G3} bytes) takes the totals past 64 bits"));
            return;
        }

        Operations += operations;
        Bytes += bytes;
        foreach (var item in work)
        {
            if (item.Operations > 0)
            {
                var key = GraphCostAnalyzer.PrecisionName(item.Precision);
                ByPrecision[key] = (ByPrecision.TryGetValue(key, out var sum) ? sum : 0) + item.Operations;
            }

            Work.Add(item);
        }
    }
}
