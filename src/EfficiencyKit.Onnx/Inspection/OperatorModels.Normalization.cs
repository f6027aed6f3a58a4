using System;
using System.Collections.Generic;
using System.Linq;
using EfficiencyKit.Energy.Hardware;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Inspection;

/// <summary>Normalisations, reductions and (de)quantization: a few operations per element.</summary>
internal static partial class OperatorModels
{
    private static void AddNormalization(Dictionary<string, Func<OperatorContext, NodeEvaluation>> models)
    {
        models["Softmax"] = c => PerElement(c, 4);
        models["LogSoftmax"] = c => PerElement(c, 4);
        models["BatchNormalization"] = c => PerElement(c, 2);
        models["InstanceNormalization"] = c => PerElement(c, 7);
        models["LayerNormalization"] = c => PerElement(c, 7);
        foreach (var op in new[] { "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2", "ReduceSumSquare", "ReduceLogSum", "ReduceLogSumExp" })
        {
            models[op] = c => Reduce(c, c.Input(0).ElementType, c.Node.GetInts("axes")?.ToArray(), axesInputSince: op == "ReduceSum" ? 13 : 18);
        }

        models["ArgMax"] = c => Reduce(c, OnnxDataType.Int64, [c.Node.GetInt("axis", 0)], axesInputSince: long.MaxValue);
        models["ArgMin"] = c => Reduce(c, OnnxDataType.Int64, [c.Node.GetInt("axis", 0)], axesInputSince: long.MaxValue);
        models["DynamicQuantizeLinear"] = DynamicQuantizeLinear;
        models["QuantizeLinear"] = c => c.Result(new TensorFacts(c.Optional(2)?.ElementType ?? OnnxDataType.UInt8, c.Shape(0)), 2.0 * OperatorContext.Product(c.Shape(0)), ComputePrecision.Fp32);
        models["DequantizeLinear"] = c => c.Result(new TensorFacts(c.Input(1).ElementType, c.Shape(0)), 2.0 * OperatorContext.Product(c.Shape(0)), ComputePrecision.Fp32);
    }

    private static NodeEvaluation PerElement(OperatorContext c, int operationsPerElement)
    {
        var shape = c.Shape(0);
        var outputs = new TensorFacts?[c.Node.Outputs.Count];
        outputs[0] = new TensorFacts(c.Input(0).ElementType, shape);
        return new NodeEvaluation(outputs, (double)operationsPerElement * OperatorContext.Product(shape), c.PrecisionOf(0), movesData: true);
    }

    private static NodeEvaluation Reduce(OperatorContext c, OnnxDataType outputType, long[]? attributeAxes, long axesInputSince)
    {
        var input = c.Shape(0);
        if (c.Opset >= axesInputSince && c.Optional(1) is { Values: null })
        {
            // One operation per input element whichever axes are reduced; only the output's shape needs them.
            return c.Result(c.DeclaredOutput(0, "the axes are computed at run time"), OperatorContext.Product(input), c.PrecisionOf(0));
        }

        var axes = c.Opset >= axesInputSince ? c.OptionalValues(1) : attributeAxes;
        var keep = c.Node.GetInt("keepdims", 1) != 0;
        var reduced = axes is null || axes.Length == 0
            ? (c.Node.GetInt("noop_with_empty_axes", 0) != 0 ? [] : new HashSet<int>(Enumerable.Range(0, input.Length)))
            : new HashSet<int>(axes.Select(a => (int)c.Axis(a, input.Length)));
        var output = input.Select((d, i) => reduced.Contains(i) ? (keep ? 1 : -1) : d).Where(d => d >= 0).ToArray();
        return c.Result(new TensorFacts(outputType, output), OperatorContext.Product(input), c.PrecisionOf(0));
    }

    // y = saturate(round(x / scale) + zero_point) with scale and zero point from the tensor's min and max.
    private static NodeEvaluation DynamicQuantizeLinear(OperatorContext c)
    {
        var shape = c.Shape(0);
        TensorFacts?[] outputs = [new TensorFacts(OnnxDataType.UInt8, shape), new TensorFacts(OnnxDataType.Float, []), new TensorFacts(OnnxDataType.UInt8, [])];
        return new NodeEvaluation(outputs, 4.0 * OperatorContext.Product(shape), ComputePrecision.Fp32, movesData: true);
    }
}
