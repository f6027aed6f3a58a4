using System;
using System.Collections.Generic;
using System.Linq;
using EfficiencyKit.Energy.Hardware;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Inspection;

/// <summary>
/// If, Loop and Scan: their subgraphs are costed with the values in scope. If costs its larger branch (an upper
/// bound: which branch runs is run-time data); Loop costs its body × a constant trip count (an upper bound when a
/// condition may end it early); Scan costs its body × the scanned axis length. Anything else is unknown.
/// </summary>
internal sealed partial class GraphCostAnalyzer
{
    private (TensorFacts?[], ComputeWork[]) ControlFlow(OnnxNode node, List<TensorFacts?> inputs, ValueScope scope)
    {
        try
        {
            return node.OpType switch
            {
                "If" => If(node, scope),
                "Loop" => Loop(node, inputs, scope),
                _ => Scan(node, inputs, scope),
            };
        }
        catch (OverflowException)
        {
            throw new UnknownCostException("the number of iterations overflows a 64-bit count");
        }
    }

    private (TensorFacts?[], ComputeWork[]) If(OnnxNode node, ValueScope scope)
    {
        var branches = new[] { "then_branch", "else_branch" }
            .Select(name => Subgraph(node, name, scope, []))
            .ToList();
        var larger = branches.OrderByDescending(b => b.Totals.Operations).ThenByDescending(b => b.Totals.Bytes).First();

        // An output both branches agree on is known; otherwise the declared shape (if any) stands for it.
        var outputs = larger.Outputs.Select((facts, i) => facts is not null && branches.All(b => i < b.Outputs.Length && b.Outputs[i] is { } other && SameShape(facts, other)) ? facts : null).ToArray();
        return (outputs, [.. larger.Totals.Work]);
    }

    private (TensorFacts?[], ComputeWork[]) Loop(OnnxNode node, List<TensorFacts?> inputs, ValueScope scope)
    {
        var tripInput = inputs.Count > 0 && node.Inputs[0].Length > 0 ? inputs[0] : null;
        if (tripInput is null)
        {
            throw new UnknownCostException("Loop without a trip count runs until its condition is false: run-time data");
        }

        if (tripInput.Values is not { Length: 1 } tripValues || tripValues[0] < 0)
        {
            throw new UnknownCostException($"the trip count '{node.Inputs[0]}' is computed at run time");
        }

        var trips = tripValues[0];

        // Body inputs: iteration number, condition, then the loop-carried values at their initial facts.
        var carried = inputs.Skip(2).ToList();
        var bound = new List<TensorFacts?> { new(OnnxDataType.Int64, []), new(OnnxDataType.Bool, []) };
        bound.AddRange(carried);
        var body = Subgraph(node, "body", scope, bound);
        for (var k = 0; k < carried.Count; k++)
        {
            if (carried[k] is not { } initial || 1 + k >= body.Outputs.Length || body.Outputs[1 + k] is not { } next || !SameShape(initial, next))
            {
                throw new UnknownCostException($"loop-carried value {k} may change shape between iterations, so the cost per iteration is not constant");
            }
        }

        var outputs = carried
            .Concat(body.Outputs.Skip(1 + carried.Count).Select(o => o is { Dims: { } dims } ? o with { Dims = [trips, .. dims], Values = null } : null))
            .ToArray();
        return (outputs, Repeat(body.Totals.Work, trips));
    }

    private (TensorFacts?[], ComputeWork[]) Scan(OnnxNode node, List<TensorFacts?> inputs, ValueScope scope)
    {
        // Opset 8 has a leading sequence_lens input and a batch axis 0 before the scanned axis 1; opset 9 scans axis 0 (or scan_input_axes).
        var legacy = _opset < 9;
        if (legacy && inputs.Count > 0 && node.Inputs[0].Length > 0)
        {
            throw new UnknownCostException("Scan with sequence_lens: each batch entry runs a run-time number of steps");
        }

        var first = legacy ? 1 : 0;
        var scanCount = (int)node.GetInt("num_scan_inputs", 0);
        var stateCount = inputs.Count - first - scanCount;
        if (scanCount <= 0 || stateCount < 0)
        {
            throw new UnknownCostException("num_scan_inputs does not fit the node's inputs");
        }

        var axes = node.GetInts("scan_input_axes")?.ToArray();
        var states = inputs.Skip(first).Take(stateCount).ToList();
        var bound = new List<TensorFacts?>(states);
        long steps = -1, batch = 1;
        for (var i = 0; i < scanCount; i++)
        {
            var input = inputs[first + stateCount + i];
            if (input is not { HasKnownShape: true, Dims: { } dims })
            {
                throw new UnknownCostException($"scan input '{node.Inputs[first + stateCount + i]}' has an unknown shape");
            }

            var axis = legacy ? 1 : axes is { } given && i < given.Length ? (given[i] < 0 ? given[i] + dims.Length : given[i]) : 0;
            if (axis < 0 || axis >= dims.Length || (steps >= 0 && dims[axis] != steps))
            {
                throw new UnknownCostException("scan inputs disagree on the number of steps");
            }

            steps = dims[axis];
            batch = legacy ? dims[0] : 1;
            bound.Add(input with { Dims = dims.Where((_, d) => d != axis && !(legacy && d == 0)).ToArray(), Values = null });
        }

        var body = Subgraph(node, "body", scope, bound);
        var outputAxes = node.GetInts("scan_output_axes")?.ToArray();
        var outputs = body.Outputs.Select((o, i) =>
        {
            if (i < stateCount || o is not { Dims: { } dims })
            {
                return o;
            }

            var axis = legacy ? 1 : outputAxes is { } given && i - stateCount < given.Length ? given[i - stateCount] : 0;
            axis = axis < 0 ? axis + dims.Length + 1 : axis;
            if (axis < 0 || axis > dims.Length)
            {
                return null;
            }

            var expanded = dims.ToList();
            expanded.Insert((int)axis, steps);
            return o with { Dims = legacy ? [batch, .. expanded] : [.. expanded], Values = null };
        }).ToArray();
        return (outputs, Repeat(body.Totals.Work, checked(steps * batch)));
    }

    /// <summary>Costs the graph attribute <paramref name="name"/> with its inputs bound to <paramref name="bound"/>; any unknown node in it makes the control-flow node unknown.</summary>
    private (GraphTotals Totals, TensorFacts?[] Outputs) Subgraph(OnnxNode node, string name, ValueScope scope, List<TensorFacts?> bound)
    {
        var graph = node.FindAttribute(name)?.G ?? throw new UnknownCostException($"{node.OpType} has no '{name}' graph");
        var facts = new ValueScope(scope);
        for (var i = 0; i < graph.Inputs.Count; i++)
        {
            // What the node passes in wins; a declared body input shape fills in what we do not know.
            var passed = i < bound.Count ? bound[i] : null;
            if ((passed is null || !passed.HasKnownShape) && FactsOf(graph.Inputs[i], isGraphInput: false) is { } declared)
            {
                passed = declared;
            }

            facts[graph.Inputs[i].Name] = passed;
        }

        var totals = new GraphTotals();
        Walk(graph, facts, totals);
        if (totals.Unknown.Count > 0)
        {
            var inner = totals.Unknown[0];
            throw new UnknownCostException($"{name} node '{inner.Node}' ({inner.Operator}): {inner.Reason}");
        }

        return (totals, graph.Outputs.Select(o => facts[o.Name]).ToArray());
    }

    private static ComputeWork[] Repeat(List<ComputeWork> work, long times)
        => work.Select(w => new ComputeWork(w.Operations * times, w.Precision, w.Bytes * times)).ToArray();

    private static bool SameShape(TensorFacts a, TensorFacts b)
        => a.HasKnownShape && b.HasKnownShape && a.Dims!.AsSpan().SequenceEqual(b.Dims);
}
