using System;
using System.Collections.Generic;
using System.Linq;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Inspection;

/// <summary>Views, copies and metadata: no arithmetic, but they carry the shapes that later costs depend on.</summary>
internal static partial class OperatorModels
{
    private static void AddShape(Dictionary<string, Func<OperatorContext, NodeEvaluation>> models)
    {
        models["Identity"] = c => c.View(c.Input(0));
        models["Dropout"] = Dropout;
        models["Cast"] = c => c.Movement(new TensorFacts((OnnxDataType)c.Node.GetInt("to", 0), c.Shape(0), c.Input(0).Values));
        models["Shape"] = ShapeOf;
        models["Size"] = c => c.View(new TensorFacts(OnnxDataType.Int64, [], [OperatorContext.Product(c.Shape(0))]));
        models["Constant"] = Constant;
        models["ConstantOfShape"] = ConstantOfShape;
        models["Reshape"] = Reshape;
        models["Flatten"] = Flatten;
        models["Squeeze"] = Squeeze;
        models["Unsqueeze"] = Unsqueeze;
        models["Transpose"] = Transpose;
        models["Concat"] = Concat;
        models["Gather"] = Gather;
        models["Slice"] = Slice;
        models["Expand"] = c => c.Movement(c.ValuesOrNull(1) is { } target
            ? new TensorFacts(c.Input(0).ElementType, Broadcast([c.Shape(0), target]))
            : c.DeclaredOutput(0, "the target shape is computed at run time"));
    }

    private static NodeEvaluation Dropout(OperatorContext c)
    {
        // Inference: Dropout is the identity; the optional mask output has the same shape.
        var outputs = new TensorFacts?[c.Node.Outputs.Count];
        outputs[0] = c.Input(0);
        if (outputs.Length > 1 && c.Input(0).Dims is { } dims)
        {
            outputs[1] = new TensorFacts(OnnxDataType.Bool, dims);
        }

        return new NodeEvaluation(outputs, 0, Energy.Hardware.ComputePrecision.Fp32, movesData: false);
    }

    private static NodeEvaluation ShapeOf(OperatorContext c)
    {
        var dims = c.Input(0).Dims ?? throw new UnknownCostException($"input '{c.Node.Inputs[0]}' has unknown rank");
        var rank = dims.Length;
        var start = c.Node.GetInt("start", 0);
        var end = c.Node.GetInt("end", rank);
        start = Math.Min(Math.Max(start < 0 ? start + rank : start, 0), rank);
        end = Math.Min(Math.Max(end < 0 ? end + rank : end, 0), rank);
        var slice = dims.Skip((int)start).Take((int)Math.Max(0, end - start)).ToArray();
        return c.View(new TensorFacts(OnnxDataType.Int64, [slice.Length], slice.All(d => d >= 0) ? slice : null));
    }

    private static NodeEvaluation Constant(OperatorContext c)
    {
        if (c.Node.FindAttribute("value")?.T is { } tensor)
        {
            return c.View(GraphCostAnalyzer.FactsOf(tensor));
        }

        if (c.Node.FindAttribute("value_int") is { I: { } i })
        {
            return c.View(new TensorFacts(OnnxDataType.Int64, [], [i]));
        }

        if (c.Node.FindAttribute("value_ints") is { } ints)
        {
            return c.View(new TensorFacts(OnnxDataType.Int64, [ints.Ints.Count], [.. ints.Ints]));
        }

        if (c.Node.FindAttribute("value_float") is not null)
        {
            return c.View(new TensorFacts(OnnxDataType.Float, []));
        }

        if (c.Node.FindAttribute("value_floats") is { } floats)
        {
            return c.View(new TensorFacts(OnnxDataType.Float, [floats.Floats.Count]));
        }

        throw new UnknownCostException("Constant has no value attribute this inspector reads");
    }

    private static NodeEvaluation ConstantOfShape(OperatorContext c)
    {
        var type = c.Node.FindAttribute("value")?.T?.DataType ?? OnnxDataType.Float;
        return c.Movement(c.ValuesOrNull(0) is { } dims ? new TensorFacts(type, dims) : c.DeclaredOutput(0, "the shape is computed at run time"));
    }

    private static NodeEvaluation Reshape(OperatorContext c)
    {
        var input = c.Shape(0);
        if (c.Opset >= 5 && c.ValuesOrNull(1) is null)
        {
            // A view costs nothing whatever the target; the output's shape is the declared one, if any.
            return c.View(new TensorFacts(c.Input(0).ElementType, null));
        }

        var target = c.Opset < 5 ? c.Node.GetInts("shape")?.ToArray() ?? throw new UnknownCostException("shape attribute missing") : c.Values(1);
        var allowZero = c.Node.GetInt("allowzero", 0) != 0;
        var output = new long[target.Length];
        var inferred = -1;
        for (var i = 0; i < target.Length; i++)
        {
            if (target[i] == 0 && !allowZero)
            {
                output[i] = i < input.Length ? input[i] : throw new UnknownCostException("Reshape copies a dimension the input does not have");
            }
            else if (target[i] == -1)
            {
                if (inferred >= 0)
                {
                    throw new UnknownCostException("Reshape has two -1 dimensions");
                }

                inferred = i;
            }
            else
            {
                output[i] = target[i];
            }
        }

        var total = OperatorContext.Product(input);
        if (inferred >= 0)
        {
            var known = OperatorContext.Product(output.Where((_, i) => i != inferred));
            output[inferred] = known == 0 ? 0 : total / known;
        }

        if (OperatorContext.Product(output) != total)
        {
            throw new UnknownCostException($"Reshape of [{string.Join(",", input)}] to [{string.Join(",", target)}] changes the element count");
        }

        return c.View(new TensorFacts(c.Input(0).ElementType, output, c.Input(0).Values));
    }

    private static NodeEvaluation Flatten(OperatorContext c)
    {
        var input = c.Shape(0);
        var axis = c.Node.GetInt("axis", 1);
        axis = axis < 0 ? axis + input.Length : axis;
        if (axis < 0 || axis > input.Length)
        {
            throw new UnknownCostException($"Flatten axis {axis} is out of range");
        }

        long[] output = [OperatorContext.Product(input.Take((int)axis)), OperatorContext.Product(input.Skip((int)axis))];
        return c.View(new TensorFacts(c.Input(0).ElementType, output));
    }

    private static NodeEvaluation Squeeze(OperatorContext c)
    {
        var input = c.Shape(0);
        if (c.Opset >= 13 && c.Optional(1) is { Values: null })
        {
            return c.View(new TensorFacts(c.Input(0).ElementType, null));
        }

        var axes = (c.Opset < 13 ? c.Node.GetInts("axes")?.ToArray() : c.OptionalValues(1)) is { } squeezed ? new HashSet<long>(squeezed.Select(a => c.Axis(a, input.Length))) : null;
        var output = input.Where((d, i) => axes is null ? d != 1 : !axes.Contains(i)).ToArray();
        return c.View(new TensorFacts(c.Input(0).ElementType, output, c.Input(0).Values));
    }

    private static NodeEvaluation Unsqueeze(OperatorContext c)
    {
        var input = c.Shape(0);
        if (c.Opset >= 13 && c.ValuesOrNull(1) is null)
        {
            return c.View(new TensorFacts(c.Input(0).ElementType, null));
        }

        var axesValues = c.Opset < 13 ? c.Node.GetInts("axes")?.ToArray() ?? throw new UnknownCostException("axes attribute missing") : c.Values(1);
        var rank = input.Length + axesValues.Length;
        var axes = new HashSet<long>(axesValues.Select(a => c.Axis(a, rank)));
        var output = new long[rank];
        var next = 0;
        for (var i = 0; i < rank; i++)
        {
            output[i] = axes.Contains(i) ? 1 : input[next++];
        }

        return c.View(new TensorFacts(c.Input(0).ElementType, output, c.Input(0).Values));
    }

    private static NodeEvaluation Transpose(OperatorContext c)
    {
        var input = c.Shape(0);
        var perm = c.Node.GetInts("perm")?.ToArray() ?? Enumerable.Range(0, input.Length).Reverse().Select(i => (long)i).ToArray();
        if (perm.Length != input.Length)
        {
            throw new UnknownCostException($"perm has {perm.Length} axes, the input {input.Length}");
        }

        return c.Movement(new TensorFacts(c.Input(0).ElementType, perm.Select(p => input[c.Axis(p, input.Length)]).ToArray()));
    }

    private static NodeEvaluation Concat(OperatorContext c)
    {
        var shapes = Enumerable.Range(0, c.InputCount).Where(i => c.Optional(i) is not null).Select(c.Shape).ToList();
        var rank = shapes[0].Length;
        var axis = c.Axis(c.Node.GetInt("axis", 0), rank);
        var output = (long[])shapes[0].Clone();
        output[axis] = shapes.Sum(s => s[axis]);
        var inputs = Enumerable.Range(0, c.InputCount).Where(i => c.Optional(i) is not null).Select(c.Input).ToList();
        var values = rank == 1 && inputs.All(i => i.Values is not null) ? inputs.SelectMany(i => i.Values!).ToArray() : null;
        return c.Movement(new TensorFacts(inputs[0].ElementType, output, values));
    }

    private static NodeEvaluation Gather(OperatorContext c)
    {
        var data = c.Shape(0);
        var indices = c.Shape(1);
        var axis = c.Axis(c.Node.GetInt("axis", 0), data.Length);
        var output = data.Take((int)axis).Concat(indices).Concat(data.Skip((int)axis + 1)).ToArray();
        long[]? values = null;
        if (data.Length == 1 && c.Input(0).Values is { } source && c.Input(1).Values is { } picks)
        {
            values = picks.Select(p => source[p < 0 ? p + source.Length : p]).ToArray();
        }

        return c.Movement(new TensorFacts(c.Input(0).ElementType, output, values));
    }

    private static NodeEvaluation Slice(OperatorContext c)
    {
        var input = c.Shape(0);
        long[] starts, ends;
        long[]? axes, steps = null;
        if (c.Opset < 10)
        {
            starts = c.Node.GetInts("starts")?.ToArray() ?? throw new UnknownCostException("starts attribute missing");
            ends = c.Node.GetInts("ends")?.ToArray() ?? throw new UnknownCostException("ends attribute missing");
            axes = c.Node.GetInts("axes")?.ToArray();
        }
        else if (c.ValuesOrNull(1) is null || c.ValuesOrNull(2) is null || c.Optional(3) is { Values: null } || c.Optional(4) is { Values: null })
        {
            return c.Movement(c.DeclaredOutput(0, "the slice bounds are computed at run time"));
        }
        else
        {
            starts = c.Values(1);
            ends = c.Values(2);
            axes = c.OptionalValues(3);
            steps = c.OptionalValues(4);
        }

        var output = (long[])input.Clone();
        long sliceStart = 0, sliceStep = 1;
        for (var i = 0; i < starts.Length; i++)
        {
            var axis = c.Axis(axes?[i] ?? i, input.Length);
            var dim = input[axis];
            var step = steps?[i] ?? 1;
            if (step == 0)
            {
                throw new UnknownCostException("Slice step 0");
            }

            var start = Clamp(starts[i], dim, step);
            var end = Clamp(ends[i], dim, step);
            output[axis] = step > 0 ? Math.Max(0, CeilDiv(end - start, step)) : Math.Max(0, CeilDiv(start - end, -step));
            sliceStart = start;
            sliceStep = step;
        }

        long[]? values = null;
        if (input.Length == 1 && c.Input(0).Values is { } source && output[0] <= source.Length)
        {
            values = Enumerable.Range(0, (int)output[0]).Select(i => source[sliceStart + (i * sliceStep)]).ToArray();
        }

        return c.Movement(new TensorFacts(c.Input(0).ElementType, output, values));
    }

    // ONNX Slice: negative indices count from the end; results clamp to [0, dim] (or [-1, dim-1] for negative steps).
    private static long Clamp(long index, long dim, long step)
    {
        if (index < 0)
        {
            index += dim;
        }

        return step > 0 ? Math.Min(Math.Max(index, 0), dim) : Math.Min(Math.Max(index, -1), dim - 1);
    }
}
