using System;
using System.Collections.Generic;
using System.Linq;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Inspection;

/// <summary>
/// Shape inference and cost per operator. Conventions (docs/onnx.md): a multiply-add is 2 operations;
/// elementwise functions count 1 per output element whatever their cycle cost; Softmax 4 and
/// LayerNormalization 7 per element; views and metadata ops cost nothing; copies (Transpose, Concat, Gather,
/// Cast...) cost bytes but no arithmetic. Ops without a model are reported as unknown, never as zero.
/// </summary>
internal static partial class OperatorModels
{
    private static readonly Dictionary<string, Func<OperatorContext, NodeEvaluation>> s_models = Build();

    /// <summary>Whether an operator (default domain name, or "domain:op") has a cost model; If, Loop and Scan are costed from their subgraphs.</summary>
    public static bool IsModelled(string qualifiedOpType) => s_models.ContainsKey(qualifiedOpType) || qualifiedOpType is "If" or "Loop" or "Scan";

    public static NodeEvaluation Evaluate(OnnxNode node, IReadOnlyList<TensorFacts?> inputs, IReadOnlyList<TensorFacts?> declaredOutputs, long opset)
    {
        if (!s_models.TryGetValue(node.QualifiedOpType, out var model))
        {
            throw new UnknownCostException($"no cost model for operator {node.QualifiedOpType}");
        }

        NodeEvaluation evaluation;
        try
        {
            evaluation = model(new OperatorContext(node, inputs, declaredOutputs, opset));
        }
        catch (OverflowException)
        {
            throw new UnknownCostException("dimensions overflow a 64-bit element count");
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or InvalidOperationException or DivideByZeroException)
        {
            // Models are untrusted input: a node that does not fit its operator's signature is reported, not a crash.
            throw new UnknownCostException($"the node's inputs or attributes do not fit the operator's signature ({e.Message})");
        }

        // Crafted attributes (negative pads, strides or repeats) can compute a negative size; never let it subtract from the totals.
        if (!(evaluation.Operations >= 0) || evaluation.Outputs.Any(o => o?.Dims?.Any(d => d < -1) == true))
        {
            throw new UnknownCostException("the node's attributes give a negative size");
        }

        return evaluation;
    }

    private static Dictionary<string, Func<OperatorContext, NodeEvaluation>> Build()
    {
        var models = new Dictionary<string, Func<OperatorContext, NodeEvaluation>>(StringComparer.Ordinal);
        foreach (var op in new[]
        {
            "Relu", "Sigmoid", "Tanh", "Exp", "Log", "Sqrt", "Reciprocal", "Neg", "Abs", "Erf", "Sin", "Cos", "Tan",
            "Floor", "Ceil", "Round", "Sign", "Softplus", "Softsign", "Elu", "Selu", "Celu", "LeakyRelu", "HardSigmoid",
            "HardSwish", "Mish", "Gelu", "ThresholdedRelu", "Clip", "Not", "IsNaN", "IsInf", "Acos", "Asin", "Atan", "Acosh",
            "Asinh", "Atanh", "Cosh", "Sinh", "Shrink",
        })
        {
            models[op] = c => Unary(c, c.Node.OpType is "Not" or "IsNaN" or "IsInf" ? OnnxDataType.Bool : null);
        }

        foreach (var op in new[] { "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Mean", "Sum", "Mod", "PRelu", "BitShift", "And", "Or", "Xor" })
        {
            models[op] = c => Broadcasting(c, null);
        }

        foreach (var op in new[] { "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual" })
        {
            models[op] = c => Broadcasting(c, OnnxDataType.Bool);
        }

        models["Where"] = Where;
        AddLinear(models);
        AddShape(models);
        AddNormalization(models);
        AddIndexing(models);
        AddSignal(models);
        return models;
    }

    private static NodeEvaluation Unary(OperatorContext c, OnnxDataType? outputType)
    {
        var input = c.Input(0);
        var shape = c.Shape(0);
        return c.Result(new TensorFacts(outputType ?? input.ElementType, shape), OperatorContext.Product(shape), c.PrecisionOf(0));
    }

    private static NodeEvaluation Broadcasting(OperatorContext c, OnnxDataType? outputType)
    {
        var shapes = Enumerable.Range(0, c.InputCount).Where(i => c.Optional(i) is not null).Select(c.Shape).ToList();
        var shape = Broadcast(shapes);
        var elements = OperatorContext.Product(shape);
        var values = FoldIntegers(c, shape);
        return c.Result(new TensorFacts(outputType ?? c.Input(0).ElementType, shape, values), elements * Math.Max(1, shapes.Count - 1), c.PrecisionOf(0));
    }

    private static NodeEvaluation Where(OperatorContext c)
    {
        var shape = Broadcast([c.Shape(0), c.Shape(1), c.Shape(2)]);
        return c.Result(new TensorFacts(c.Input(1).ElementType, shape), OperatorContext.Product(shape), c.PrecisionOf(1));
    }

    /// <summary>numpy broadcasting: align right; each dimension must match or be 1.</summary>
    internal static long[] Broadcast(IReadOnlyList<long[]> shapes)
    {
        if (shapes.Count == 0)
        {
            throw new UnknownCostException("the node has no inputs");
        }

        var rank = shapes.Max(s => s.Length);
        var result = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            long dim = 1;
            foreach (var shape in shapes)
            {
                var index = i - (rank - shape.Length);
                if (index < 0)
                {
                    continue;
                }

                var d = shape[index];
                if (d == dim || d == 1)
                {
                    continue;
                }

                if (dim != 1)
                {
                    throw new UnknownCostException($"shapes [{string.Join("] and [", shapes.Select(s => string.Join(",", s)))}] do not broadcast");
                }

                dim = d;
            }

            result[i] = dim;
        }

        return result;
    }

    // Shape arithmetic in exported graphs (Shape -> Gather -> Mul -> Concat -> Reshape) runs on tiny int64
    // tensors; folding it is what lets Reshape targets be known.
    private static long[]? FoldIntegers(OperatorContext c, long[] shape)
    {
        if (c.Node.OpType is not ("Add" or "Sub" or "Mul" or "Div") || c.InputCount != 2 || c.Input(0).Values is not { } a || c.Input(1).Values is not { } b || OperatorContext.Product(shape) > 64)
        {
            return null;
        }

        var n = OperatorContext.Product(shape);
        if ((a.Length != n && a.Length != 1) || (b.Length != n && b.Length != 1))
        {
            return null;
        }

        var result = new long[n];
        for (var i = 0; i < n; i++)
        {
            var x = a[a.Length == 1 ? 0 : i];
            var y = b[b.Length == 1 ? 0 : i];
            if (c.Node.OpType == "Div" && y == 0)
            {
                return null;
            }

            result[i] = c.Node.OpType switch
            {
                "Add" => x + y,
                "Sub" => x - y,
                "Mul" => x * y,
                _ => x / y,
            };
        }

        return result;
    }
}
