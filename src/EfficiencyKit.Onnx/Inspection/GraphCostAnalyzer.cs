using System;
using System.Collections.Generic;
using System.Linq;
using EfficiencyKit.Energy.Hardware;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Inspection;

/// <summary>
/// Walks the graph in its (topological) order, inferring shapes from the inputs and weights and costing each
/// node with <see cref="OperatorModels"/>. Where our inference fails, shapes the producer declared in
/// value_info keep later nodes costable; the failing node is still reported as unknown.
/// </summary>
internal sealed class GraphCostAnalyzer
{
    private const int MaxFoldedValues = 64;

    private readonly OnnxModel _model;
    private readonly InspectionOptions _options;
    private readonly Dictionary<string, long> _dimensions = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _unresolved = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TensorFacts> _facts = new(StringComparer.Ordinal);

    private GraphCostAnalyzer(OnnxModel model, InspectionOptions options)
    {
        _model = model;
        _options = options;
        foreach (var pair in options.Dimensions)
        {
            _dimensions[pair.Key] = pair.Value;
        }
    }

    public static (InferenceCost Cost, List<ComputeWork> Work) Analyze(OnnxModel model, InspectionOptions options)
        => new GraphCostAnalyzer(model, options).Run();

    /// <summary>Facts about a stored tensor; small integer tensors (shape constants) carry their values.</summary>
    public static TensorFacts FactsOf(OnnxTensor tensor)
    {
        long[]? values = null;
        if (tensor.DataType is OnnxDataType.Int64 or OnnxDataType.Int32 && tensor.ElementCount <= MaxFoldedValues)
        {
            try
            {
                values = OnnxTensorData.ReadInt64s(tensor);
            }
            catch (Exception e) when (e is OnnxFormatException or System.IO.IOException)
            {
                // A broken constant only costs us its value; the inspection reports the node that needed it.
            }
        }

        return new TensorFacts(tensor.DataType, [.. tensor.Dims], values);
    }

    private (InferenceCost, List<ComputeWork>) Run()
    {
        var graph = _model.Graph;
        var initializerNames = new HashSet<string>(graph.Initializers.Select(i => i.Name), StringComparer.Ordinal);
        foreach (var input in graph.Inputs.Where(i => !initializerNames.Contains(i.Name)))
        {
            _facts[input.Name] = FactsOf(input, isGraphInput: true) ?? new TensorFacts(OnnxDataType.Undefined, null);
        }

        foreach (var initializer in graph.Initializers)
        {
            _facts[initializer.Name] = FactsOf(initializer);
        }

        var declared = new Dictionary<string, OnnxValueInfo>(StringComparer.Ordinal);
        foreach (var info in graph.ValueInfo.Concat(graph.Outputs))
        {
            declared[info.Name] = info;
        }

        var opset = _model.OpsetVersion("") ?? 17;
        var work = new List<ComputeWork>();
        var unknown = new List<UnknownNodeCost>();
        var byPrecision = new SortedDictionary<string, double>(StringComparer.Ordinal);
        double operations = 0, bytes = 0;
        foreach (var node in graph.Nodes)
        {
            var inputs = node.Inputs.Select(name => name.Length > 0 && _facts.TryGetValue(name, out var f) ? f : null).ToList();
            NodeEvaluation? evaluation = null;
            try
            {
                evaluation = node.OpType is "If" or "Loop" or "Scan" && node.Domain.Length == 0
                    ? throw new UnknownCostException($"control flow ({node.OpType}): the cost depends on run-time data")
                    : OperatorModels.Evaluate(node, inputs, opset);
            }
            catch (UnknownCostException e)
            {
                unknown.Add(new UnknownNodeCost(node.DisplayName, node.QualifiedOpType, e.Message));
            }

            for (var i = 0; i < node.Outputs.Count; i++)
            {
                var output = evaluation is not null && i < evaluation.Outputs.Length ? evaluation.Outputs[i] : null;
                if ((output is null || !output.HasKnownShape) && declared.TryGetValue(node.Outputs[i], out var info))
                {
                    output = FactsOf(info, isGraphInput: false) ?? output;
                }

                if (output is not null && node.Outputs[i].Length > 0)
                {
                    _facts[node.Outputs[i]] = output;
                }
            }

            if (evaluation is null)
            {
                continue;
            }

            var moved = evaluation.MovesData ? inputs.Concat(evaluation.Outputs).Sum(BytesOf) : 0.0;

            // Totals are reported as 64-bit counts: a node that would push them past that (a 2^62 dimension, a
            // crafted shape) is a cost we cannot state, so it is unknown and the inspection says it is incomplete.
            if (operations + evaluation.Operations >= long.MaxValue || bytes + moved >= long.MaxValue)
            {
                unknown.Add(new UnknownNodeCost(node.DisplayName, node.QualifiedOpType, $"its cost ({evaluation.Operations:G3} operations, {moved:G3} bytes) takes the totals past 64 bits"));
                continue;
            }

            operations += evaluation.Operations;
            bytes += moved;
            if (evaluation.Operations > 0)
            {
                var key = PrecisionName(evaluation.Precision);
                byPrecision[key] = (byPrecision.TryGetValue(key, out var sum) ? sum : 0) + evaluation.Operations;
            }

            work.Add(new ComputeWork(evaluation.Operations, evaluation.Precision, moved));
        }

        var cost = new InferenceCost(
            _options.BatchSize,
            new SortedDictionary<string, long>(_dimensions, StringComparer.Ordinal),
            [.. _unresolved],
            (long)Math.Round(operations),
            byPrecision.ToDictionary(p => p.Key, p => (long)Math.Round(p.Value), StringComparer.Ordinal),
            (long)Math.Round(bytes),
            unknown);
        return (cost, work);
    }

    private static double BytesOf(TensorFacts? facts)
        => facts is { Dims: { } dims } && dims.All(d => d >= 0)
            ? OnnxDataTypes.BitsPerElement(facts.ElementType) / 8.0 * dims.Aggregate(1.0, (product, dim) => product * dim)
            : 0;

    internal static string PrecisionName(ComputePrecision precision) => precision switch
    {
        ComputePrecision.Fp16 => "fp16",
        ComputePrecision.Int8 => "int8",
        _ => "fp32",
    };

    // Symbolic dimensions: a value given by name wins; otherwise a graph input's leading one is the batch.
    private TensorFacts? FactsOf(OnnxValueInfo info, bool isGraphInput)
    {
        if (info.Type is not { IsTensor: true } type)
        {
            return null;
        }

        if (type.Shape is null)
        {
            return new TensorFacts(type.ElementType, null);
        }

        var dims = new long[type.Shape.Count];
        for (var i = 0; i < dims.Length; i++)
        {
            var dim = type.Shape[i];
            if (dim.Value is { } value && value >= 0)
            {
                dims[i] = value;
            }
            else if (dim.Param is { Length: > 0 } param && _dimensions.TryGetValue(param, out var known))
            {
                dims[i] = known;
            }
            else if (isGraphInput && i == 0)
            {
                dims[i] = _options.BatchSize;
                if (dim.Param is { Length: > 0 } batchName)
                {
                    _dimensions[batchName] = _options.BatchSize;
                }
            }
            else
            {
                dims[i] = -1;
                if (isGraphInput && dim.Param is { Length: > 0 } unresolved)
                {
                    _unresolved.Add(unresolved);
                }
            }
        }

        return new TensorFacts(type.ElementType, dims);
    }
}
