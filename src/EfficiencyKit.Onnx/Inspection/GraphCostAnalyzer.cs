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
internal sealed partial class GraphCostAnalyzer
{
    private const int MaxFoldedValues = 64;

    private readonly OnnxModel _model;
    private readonly InspectionOptions _options;
    private readonly Dictionary<string, long> _dimensions = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _unresolved = new(StringComparer.Ordinal);
    private readonly ValueScope _facts = new(null);
    private readonly long _opset;

    private GraphCostAnalyzer(OnnxModel model, InspectionOptions options)
    {
        _model = model;
        _options = options;
        _opset = model.OpsetVersion("") ?? 17;
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

        var totals = new GraphTotals();
        Walk(graph, _facts, totals);
        var cost = new InferenceCost(
            _options.BatchSize,
            new SortedDictionary<string, long>(_dimensions, StringComparer.Ordinal),
            [.. _unresolved],
            (long)Math.Round(totals.Operations),
            totals.ByPrecision.ToDictionary(p => p.Key, p => (long)Math.Round(p.Value), StringComparer.Ordinal),
            (long)Math.Round(totals.Bytes),
            totals.Unknown);
        return (cost, totals.Work);
    }

    /// <summary>
    /// Costs one graph's nodes in order into <paramref name="totals"/>; <paramref name="facts"/> holds the values
    /// in scope (a subgraph sees its outer graphs' values) and receives the graph's own.
    /// </summary>
    private void Walk(OnnxGraph graph, ValueScope facts, GraphTotals totals)
    {
        foreach (var initializer in graph.Initializers)
        {
            facts[initializer.Name] = FactsOf(initializer);
        }

        var declared = new Dictionary<string, OnnxValueInfo>(StringComparer.Ordinal);
        foreach (var info in graph.ValueInfo.Concat(graph.Outputs))
        {
            declared[info.Name] = info;
        }

        foreach (var node in graph.Nodes)
        {
            var inputs = node.Inputs.Select(name => name.Length > 0 ? facts[name] : null).ToList();
            var declaredOutputs = node.Outputs.Select(name => declared.TryGetValue(name, out var info) ? FactsOf(info, isGraphInput: false) : null).ToArray();
            TensorFacts?[]? outputs = null;
            ComputeWork[]? work = null;
            try
            {
                (outputs, work) = node.OpType is "If" or "Loop" or "Scan" && node.Domain.Length == 0
                    ? ControlFlow(node, inputs, facts)
                    : Costed(OperatorModels.Evaluate(node, inputs, declaredOutputs, _opset), inputs);
            }
            catch (UnknownCostException e)
            {
                totals.Unknown.Add(new UnknownNodeCost(node.DisplayName, node.QualifiedOpType, e.Message));
            }

            for (var i = 0; i < node.Outputs.Count; i++)
            {
                var output = outputs is not null && i < outputs.Length ? outputs[i] : null;
                if (output is null || !output.HasKnownShape)
                {
                    output = declaredOutputs[i] ?? output;
                }

                if (output is not null && node.Outputs[i].Length > 0)
                {
                    facts[node.Outputs[i]] = output;
                }
            }

            if (work is not null)
            {
                totals.Add(node, work);
            }
        }
    }

    private static (TensorFacts?[], ComputeWork[]) Costed(NodeEvaluation evaluation, List<TensorFacts?> inputs)
    {
        var moved = evaluation.MovesData ? inputs.Concat(evaluation.Outputs).Sum(BytesOf) : 0.0;
        return (evaluation.Outputs, [new ComputeWork(evaluation.Operations, evaluation.Precision, moved)]);
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
