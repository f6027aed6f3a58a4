using System;
using System.Collections.Generic;
using System.Linq;
using EfficiencyKit.Energy.Hardware;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Inspection;

/// <summary>
/// Indexing, layout, resampling and losses. Copies cost bytes; where the output's size comes from a shape-like
/// input (pads, repeats, sizes, K, depth, range bounds) computed at run time, the declared output shape is used.
/// Ops whose output size depends on the data itself (NonZero, Compress, Unique, NonMaxSuppression) stay unknown.
/// </summary>
internal static partial class OperatorModels
{
    private static void AddIndexing(Dictionary<string, Func<OperatorContext, NodeEvaluation>> models)
    {
        models["CastLike"] = c => c.Movement(new TensorFacts(c.Input(1).ElementType, c.Shape(0), c.Input(0).Values));
        models["GatherElements"] = c => c.Movement(new TensorFacts(c.Input(0).ElementType, c.Shape(1)));
        models["GatherND"] = GatherND;
        models["ScatterND"] = Scatter;
        models["ScatterElements"] = Scatter;
        models["Scatter"] = Scatter;
        models["Trilu"] = c => c.Movement(new TensorFacts(c.Input(0).ElementType, c.Shape(0)));
        models["EyeLike"] = c => c.Movement(new TensorFacts(c.Node.FindAttribute("dtype")?.I is { } type ? (OnnxDataType)type : c.Input(0).ElementType, c.Shape(0)));
        models["ReverseSequence"] = c => c.Movement(new TensorFacts(c.Input(0).ElementType, c.Shape(0)));
        models["Split"] = Split;
        models["Tile"] = Tile;
        models["Pad"] = Pad;
        models["DepthToSpace"] = c => SpaceDepth(c, toSpace: true);
        models["SpaceToDepth"] = c => SpaceDepth(c, toSpace: false);
        models["OneHot"] = OneHot;
        models["Range"] = Range;
        models["CumSum"] = c => c.Result(new TensorFacts(c.Input(0).ElementType, c.Shape(0)), OperatorContext.Product(c.Shape(0)), c.PrecisionOf(0));
        models["Hardmax"] = c => PerElement(c, 1);
        models["TopK"] = TopK;
        models["Resize"] = Resize;
        models["Upsample"] = Resize;
        models["NegativeLogLikelihoodLoss"] = c => Loss(c, 0);
        models["SoftmaxCrossEntropyLoss"] = c => Loss(c, 4);
    }

    private static NodeEvaluation GatherND(OperatorContext c)
    {
        var data = c.Shape(0);
        var indices = c.Shape(1);
        var batchDims = (int)c.Node.GetInt("batch_dims", 0);
        var depth = indices.Length > 0 ? indices[indices.Length - 1] : throw new UnknownCostException("GatherND indices are a scalar");
        if (batchDims + depth > data.Length)
        {
            throw new UnknownCostException($"indices of depth {depth} do not fit data [{string.Join(",", data)}]");
        }

        var output = indices.Take(indices.Length - 1).Concat(data.Skip(batchDims + (int)depth)).ToArray();
        return c.Movement(new TensorFacts(c.Input(0).ElementType, output));
    }

    // Scatter*: a copy of data with updates written in; a reduction adds 1 operation per update element.
    private static NodeEvaluation Scatter(OperatorContext c)
    {
        var output = new TensorFacts(c.Input(0).ElementType, c.Shape(0));
        return c.Node.GetString("reduction", "none") == "none"
            ? c.Movement(output)
            : c.Result(output, OperatorContext.Product(c.Shape(2)), c.PrecisionOf(0));
    }

    private static NodeEvaluation Split(OperatorContext c)
    {
        var input = c.Shape(0);
        var axis = c.Axis(c.Node.GetInt("axis", 0), input.Length);
        var count = c.Node.Outputs.Count;
        if (count == 0)
        {
            throw new UnknownCostException("Split has no outputs");
        }

        if (c.Opset >= 13 && c.Optional(1) is { Values: null })
        {
            var declared = Enumerable.Range(0, count).Select(i => (TensorFacts?)c.DeclaredOutput(i, "the split sizes are computed at run time")).ToArray();
            return new NodeEvaluation(declared, 0, ComputePrecision.Fp32, movesData: true);
        }

        var sizes = c.Opset >= 13 ? c.OptionalValues(1) : c.Node.GetInts("split")?.ToArray();
        if (sizes is null)
        {
            // Equal parts; since opset 18 num_outputs may leave a smaller last part.
            var part = CeilDiv(input[axis], count);
            sizes = Enumerable.Range(0, count).Select(i => Math.Max(0, Math.Min(part, input[axis] - (i * part)))).ToArray();
        }

        if (sizes.Length != count || sizes.Sum() != input[axis])
        {
            throw new UnknownCostException($"split sizes [{string.Join(",", sizes)}] do not divide axis {axis} of [{string.Join(",", input)}]");
        }

        var outputs = sizes.Select(size => (TensorFacts?)new TensorFacts(c.Input(0).ElementType, input.Select((d, i) => i == axis ? size : d).ToArray())).ToArray();
        return new NodeEvaluation(outputs, 0, ComputePrecision.Fp32, movesData: true);
    }

    private static NodeEvaluation Tile(OperatorContext c)
    {
        if (c.ValuesOrNull(1) is not { } repeats)
        {
            return c.Movement(c.DeclaredOutput(0, "the repeats are computed at run time"));
        }

        var input = c.Shape(0);
        if (repeats.Length != input.Length)
        {
            throw new UnknownCostException($"{repeats.Length} repeats for rank {input.Length}");
        }

        return c.Movement(new TensorFacts(c.Input(0).ElementType, input.Select((d, i) => checked(d * repeats[i])).ToArray()));
    }

    private static NodeEvaluation Pad(OperatorContext c)
    {
        var pads = c.Opset < 11 ? c.Node.GetInts("pads")?.ToArray() : c.ValuesOrNull(1);
        var axes = c.Opset >= 18 ? c.Optional(3) : null;
        if (pads is null || axes is { Values: null })
        {
            return c.Movement(c.DeclaredOutput(0, "the pads are computed at run time"));
        }

        var input = c.Shape(0);
        var padded = axes?.Values?.Select(a => (int)c.Axis(a, input.Length)).ToArray() ?? Enumerable.Range(0, input.Length).ToArray();
        if (pads.Length != 2 * padded.Length)
        {
            throw new UnknownCostException($"{pads.Length} pads for {padded.Length} axes");
        }

        var output = (long[])input.Clone();
        for (var i = 0; i < padded.Length; i++)
        {
            output[padded[i]] += pads[i] + pads[i + padded.Length];
        }

        return c.Movement(new TensorFacts(c.Input(0).ElementType, output));
    }

    private static NodeEvaluation SpaceDepth(OperatorContext c, bool toSpace)
    {
        var x = c.Shape(0);
        var block = c.Node.GetInt("blocksize", 0);
        if (x.Length != 4 || block <= 0 || (toSpace && x[1] % (block * block) != 0))
        {
            throw new UnknownCostException($"blocksize {block} does not fit input [{string.Join(",", x)}]");
        }

        long[] output = toSpace
            ? [x[0], x[1] / (block * block), x[2] * block, x[3] * block]
            : [x[0], x[1] * block * block, x[2] / block, x[3] / block];
        return c.Movement(new TensorFacts(c.Input(0).ElementType, output));
    }

    private static NodeEvaluation OneHot(OperatorContext c)
    {
        var indices = c.Shape(0);
        if (c.ValuesOrNull(1) is not { Length: 1 } depth)
        {
            return c.Movement(c.DeclaredOutput(0, "the depth is computed at run time"));
        }

        var axis = c.Axis(c.Node.GetInt("axis", -1), indices.Length + 1);
        var output = indices.ToList();
        output.Insert((int)axis, depth[0]);
        return c.Movement(new TensorFacts(c.Input(2).ElementType, [.. output]));
    }

    // One add per element produced.
    private static NodeEvaluation Range(OperatorContext c)
    {
        var type = c.Input(0).ElementType;
        TensorFacts output;
        if (c.ValuesOrNull(0) is { Length: 1 } start && c.ValuesOrNull(1) is { Length: 1 } limit && c.ValuesOrNull(2) is { Length: 1 } delta && delta[0] != 0)
        {
            var count = Math.Max(0, CeilDiv(Math.Abs(limit[0] - start[0]), Math.Abs(delta[0])) * Math.Sign((limit[0] - start[0]) * delta[0]));
            output = new TensorFacts(type, [count]);
        }
        else
        {
            output = c.DeclaredOutput(0, "the range bounds are computed at run time");
        }

        return c.Result(output, output.Elements, OperatorContext.Precision(type));
    }

    // A selection of K per slice along the axis: ⌈log₂ K⌉ comparisons per input element (a heap of K), at least 1.
    private static NodeEvaluation TopK(OperatorContext c)
    {
        var input = c.Shape(0);
        var axis = c.Axis(c.Node.GetInt("axis", -1), input.Length);
        var k = c.Opset < 10 ? c.Node.GetInt("k", -1) : c.ValuesOrNull(1) is { Length: 1 } given ? given[0] : -1;
        long[] output;
        if (k >= 0)
        {
            output = input.Select((d, i) => i == axis ? k : d).ToArray();
        }
        else
        {
            output = c.DeclaredOutput(0, "K is computed at run time").Dims!;
            k = output[axis];
        }

        var comparisons = Math.Max(1, Math.Ceiling(Math.Log(Math.Max(k, 1), 2))) * OperatorContext.Product(input);
        TensorFacts?[] outputs = [new TensorFacts(c.Input(0).ElementType, output), new TensorFacts(OnnxDataType.Int64, output)];
        return new NodeEvaluation(outputs.Take(c.Node.Outputs.Count).ToArray(), comparisons, c.PrecisionOf(0), movesData: true);
    }

    // Per output element: nearest is a copy; linear reads 2 and cubic 4 taps per resized axis, a multiply-add each.
    private static NodeEvaluation Resize(OperatorContext c)
    {
        var input = c.Shape(0);
        var sizesIndex = c.Node.OpType == "Resize" && c.Opset >= 11 ? 3 : -1;
        var output = sizesIndex >= 0 && c.ValuesOrNull(sizesIndex) is { } sizes && sizes.Length == input.Length
            ? new TensorFacts(c.Input(0).ElementType, sizes)
            : c.DeclaredOutput(0, "the scales are floating-point or computed at run time");
        var resized = input.Where((d, i) => d != output.Dims![i]).Count();
        var taps = c.Node.GetString("mode", "nearest") switch
        {
            "nearest" => 0,
            "cubic" => Math.Pow(4, resized),
            _ => Math.Pow(2, resized),
        };
        return c.Result(output, 2.0 * taps * output.Elements, c.PrecisionOf(0));
    }

    // NegativeLogLikelihoodLoss per target element: negate, × weight when given, + a sum when reduced (and a weight
    // sum for a weighted mean). SoftmaxCrossEntropyLoss adds a log-softmax (4 per score element) first.
    private static NodeEvaluation Loss(OperatorContext c, int perScore)
    {
        var scores = c.Shape(0);
        var target = c.Shape(1);
        var weighted = c.Optional(2) is not null;
        var reduction = c.Node.GetString("reduction", "mean");
        var perTarget = 1 + (weighted ? 1 : 0) + (reduction == "none" ? 0 : 1) + (weighted && reduction == "mean" ? 1 : 0);
        var type = c.Input(0).ElementType;
        var outputs = new TensorFacts?[c.Node.Outputs.Count];
        outputs[0] = new TensorFacts(type, reduction == "none" ? target : []);
        if (outputs.Length > 1)
        {
            outputs[1] = new TensorFacts(type, scores);
        }

        var operations = ((double)perScore * OperatorContext.Product(scores)) + ((double)perTarget * OperatorContext.Product(target));
        return new NodeEvaluation(outputs, operations, c.PrecisionOf(0), movesData: true);
    }
}
