using System;
using System.Collections.Generic;
using System.Linq;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Inspection;

/// <summary>Transposed convolution, Einsum and the recurrent layers: products counted from attributes and shapes.</summary>
internal static partial class OperatorModels
{
    // Every input pixel is multiplied into a kernel-sized patch of the output: Conv's count with input and output swapped.
    private static NodeEvaluation ConvTranspose(OperatorContext c)
    {
        var x = c.Shape(0);
        var w = c.Shape(1);
        if (x.Length < 3 || w.Length != x.Length || w[0] != x[1])
        {
            throw new UnknownCostException($"ConvTranspose input [{string.Join(",", x)}] and weight [{string.Join(",", w)}] do not fit");
        }

        var group = c.Node.GetInt("group", 1);
        var n = x.Length - 2;
        var kernel = w.Skip(2).ToArray();
        var strides = c.Node.GetInts("strides")?.ToArray() ?? Enumerable.Repeat(1L, n).ToArray();
        var dilations = c.Node.GetInts("dilations")?.ToArray() ?? Enumerable.Repeat(1L, n).ToArray();
        var outputPadding = c.Node.GetInts("output_padding")?.ToArray() ?? new long[n];
        var pads = c.Node.GetInts("pads")?.ToArray() ?? new long[2 * n];
        var outputShape = c.Node.GetInts("output_shape")?.ToArray();
        var autoPad = c.Node.GetString("auto_pad", "NOTSET");
        if (group <= 0 || strides.Length != n || dilations.Length != n || outputPadding.Length != n || pads.Length != 2 * n)
        {
            throw new UnknownCostException("group, strides, dilations, output_padding or pads do not match the kernel rank");
        }

        var spatial = new long[n];
        for (var i = 0; i < n; i++)
        {
            var full = (strides[i] * (x[i + 2] - 1)) + outputPadding[i] + (((kernel[i] - 1) * dilations[i]) + 1);
            spatial[i] = outputShape is { } given && given.Length >= n ? given[given.Length - n + i]
                : autoPad is "SAME_UPPER" or "SAME_LOWER" ? x[i + 2] * strides[i]
                : full - pads[i] - pads[i + n];
        }

        var output = new[] { x[0], w[1] * group }.Concat(spatial).ToArray();
        var operations = (2.0 * OperatorContext.Product(x) * w[1] * OperatorContext.Product(kernel)) + (c.Optional(2) is not null ? OperatorContext.Product(output) : 0);
        return c.Result(new TensorFacts(c.Input(0).ElementType, output), operations, c.PrecisionOf(0));
    }

    // One multiply per operand beyond the first and one add, at every point of the full index space
    // (2·M·K·N for "mk,kn->mn", as MatMul); a single operand costs 1 per point (a sum or a copy).
    private static NodeEvaluation Einsum(OperatorContext c)
    {
        var equation = c.Node.GetString("equation", "").Replace(" ", "");
        var arrow = equation.IndexOf("->", StringComparison.Ordinal);
        var terms = (arrow >= 0 ? equation.Substring(0, arrow) : equation).Split(',');
        if (terms.Length != c.InputCount)
        {
            throw new UnknownCostException($"equation '{equation}' names {terms.Length} operands, the node has {c.InputCount}");
        }

        var sizes = new Dictionary<char, long>();
        var ellipsis = Array.Empty<long>();
        var letters = new List<char>();
        for (var t = 0; t < terms.Length; t++)
        {
            var shape = c.Shape(t);
            var term = terms[t];
            var dots = term.IndexOf("...", StringComparison.Ordinal);
            var named = term.Replace("...", "");
            var hidden = shape.Length - named.Length;
            if (hidden < 0 || (dots < 0 && hidden != 0))
            {
                throw new UnknownCostException($"term '{term}' does not fit input shape [{string.Join(",", shape)}]");
            }

            if (dots >= 0)
            {
                ellipsis = Broadcast([ellipsis, shape.Skip(dots).Take(hidden).ToArray()]);
            }

            for (var i = 0; i < named.Length; i++)
            {
                var dim = shape[i < dots || dots < 0 ? i : i + hidden];
                if (sizes.TryGetValue(named[i], out var seen) && seen != dim && seen != 1 && dim != 1)
                {
                    throw new UnknownCostException($"index '{named[i]}' has sizes {seen} and {dim}");
                }

                sizes[named[i]] = sizes.TryGetValue(named[i], out var previous) ? Math.Max(previous, dim) : dim;
                if (!letters.Contains(named[i]))
                {
                    letters.Add(named[i]);
                }
            }
        }

        // Implicit output: the ellipsis, then the letters used once, in alphabetical order.
        var outputTerm = arrow >= 0
            ? equation.Substring(arrow + 2)
            : (equation.Contains("...") ? "..." : "") + new string(letters.Where(l => terms.Sum(t => t.Count(ch => ch == l)) == 1).OrderBy(l => l).ToArray());
        var output = new List<long>();
        foreach (var part in outputTerm.Split(["..."], StringSplitOptions.None).Select((text, i) => (text, i)))
        {
            if (part.i > 0)
            {
                output.AddRange(ellipsis);
            }

            output.AddRange(part.text.Select(l => sizes.TryGetValue(l, out var size) ? size : throw new UnknownCostException($"output index '{l}' is not in any input")));
        }

        var points = (double)OperatorContext.Product(ellipsis) * sizes.Values.Aggregate(1.0, (product, size) => product * size);
        return c.Result(new TensorFacts(c.Input(0).ElementType, [.. output]), Math.Max(1, terms.Length) * points, c.PrecisionOf(0));
    }

    // RNN/GRU/LSTM, per time step and direction: the input and recurrent gate MatMuls (2·batch·gates·hidden·(input +
    // hidden)), the biases (2·gates·hidden per batch row), 1 per gate activation and the state update per hidden
    // element (GRU 5, LSTM 5). All seq_length steps are counted: an upper bound when sequence_lens is shorter.
    private static NodeEvaluation Recurrent(OperatorContext c, int gates, int updatePerHidden)
    {
        var x = c.Shape(0);
        var w = c.Shape(1);
        if (x.Length != 3 || w.Length != 3)
        {
            throw new UnknownCostException($"{c.Node.OpType} input [{string.Join(",", x)}] and weight [{string.Join(",", w)}] are not 3-D");
        }

        var batchFirst = c.Node.GetInt("layout", 0) != 0;
        long steps = batchFirst ? x[1] : x[0], batch = batchFirst ? x[0] : x[1], input = x[2];
        var directions = w[0];
        var hidden = c.Node.GetInt("hidden_size", w[1] / gates);
        if (w[1] != gates * hidden || w[2] != input)
        {
            throw new UnknownCostException($"weight [{string.Join(",", w)}] does not fit {gates} gates of {hidden} over input {input}");
        }

        var perStep = (2.0 * batch * gates * hidden * (input + hidden))
            + (c.Optional(3) is not null ? 2.0 * batch * gates * hidden : 0)
            + ((double)batch * hidden * (gates + updatePerHidden));
        var type = c.Input(0).ElementType;
        var outputs = new TensorFacts?[c.Node.Outputs.Count];
        outputs[0] = new TensorFacts(type, batchFirst ? [batch, steps, directions, hidden] : [steps, directions, batch, hidden]);
        for (var i = 1; i < outputs.Length; i++)
        {
            outputs[i] = new TensorFacts(type, batchFirst ? [batch, directions, hidden] : [directions, batch, hidden]);
        }

        return new NodeEvaluation(outputs, perStep * steps * directions, c.PrecisionOf(0), movesData: true);
    }
}
