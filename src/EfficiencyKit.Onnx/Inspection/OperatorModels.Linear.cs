using System;
using System.Collections.Generic;
using System.Linq;
using EfficiencyKit.Energy.Hardware;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Inspection;

/// <summary>Matrix products, convolutions, pooling and attention: where almost all arithmetic is.</summary>
internal static partial class OperatorModels
{
    private static void AddLinear(Dictionary<string, Func<OperatorContext, NodeEvaluation>> models)
    {
        models["MatMul"] = c => MatMul(c, c.Input(0).ElementType, 0, 1);
        models["MatMulInteger"] = c => MatMul(c, OnnxDataType.Int32, 0, 1);
        models["QLinearMatMul"] = c => MatMul(c, c.Input(7).ElementType, 0, 3);
        models["Gemm"] = Gemm;
        models["Conv"] = c => Conv(c, c.Input(0).ElementType, 1, 2);
        models["ConvInteger"] = c => Conv(c, OnnxDataType.Int32, 1, -1);
        models["QLinearConv"] = c => Conv(c, c.Input(7).ElementType, 3, 8);
        models["ConvTranspose"] = ConvTranspose;
        models["Einsum"] = Einsum;
        models["RNN"] = c => Recurrent(c, gates: 1, updatePerHidden: 0);
        models["GRU"] = c => Recurrent(c, gates: 3, updatePerHidden: 5);
        models["LSTM"] = c => Recurrent(c, gates: 4, updatePerHidden: 5);
        models["MaxPool"] = Pool;
        models["AveragePool"] = Pool;
        models["GlobalAveragePool"] = GlobalPool;
        models["GlobalMaxPool"] = GlobalPool;
        models["com.microsoft:Attention"] = Attention;
        models["com.microsoft:MatMulNBits"] = MatMulNBits;
        models["com.microsoft:GatherBlockQuantized"] = GatherBlockQuantized;
    }

    // numpy.matmul: 1-D operands are promoted (and the added dimension dropped); leading dims broadcast.
    // QLinearMatMul (a at 0, b at 3) and MatMulInteger count the same products as MatMul, at their int8 precision.
    private static NodeEvaluation MatMul(OperatorContext c, OnnxDataType outputType, int left, int right)
    {
        var a = c.Shape(left);
        var b = c.Shape(right);
        if (a.Length == 0 || b.Length == 0)
        {
            throw new UnknownCostException("MatMul of a scalar");
        }

        var a2 = a.Length == 1 ? [1, a[0]] : a;
        var b2 = b.Length == 1 ? [b[0], 1] : b;
        long m = a2[a2.Length - 2], k = a2[a2.Length - 1], kb = b2[b2.Length - 2], n = b2[b2.Length - 1];
        if (k != kb)
        {
            throw new UnknownCostException($"inner dimensions {k} and {kb} of [{string.Join(",", a)}] × [{string.Join(",", b)}] do not match");
        }

        var batch = Broadcast([a2.Take(a2.Length - 2).ToArray(), b2.Take(b2.Length - 2).ToArray()]);
        var output = new List<long>(batch);
        if (a.Length > 1)
        {
            output.Add(m);
        }

        if (b.Length > 1)
        {
            output.Add(n);
        }

        var operations = 2.0 * OperatorContext.Product(batch) * m * k * n;
        return c.Result(new TensorFacts(outputType, [.. output]), operations, c.PrecisionOf(0));
    }

    private static NodeEvaluation Gemm(OperatorContext c)
    {
        var a = c.Shape(0);
        var b = c.Shape(1);
        if (a.Length != 2 || b.Length != 2)
        {
            throw new UnknownCostException($"Gemm needs 2-D inputs, got [{string.Join(",", a)}] and [{string.Join(",", b)}]");
        }

        var transA = c.Node.GetInt("transA", 0) != 0;
        var transB = c.Node.GetInt("transB", 0) != 0;
        long m = transA ? a[1] : a[0], k = transA ? a[0] : a[1];
        long kb = transB ? b[1] : b[0], n = transB ? b[0] : b[1];
        if (k != kb)
        {
            throw new UnknownCostException($"inner dimensions {k} and {kb} do not match");
        }

        // Y = alpha·A·B + beta·C: the product, plus one add per output element when C is present.
        var operations = (2.0 * m * k * n) + (c.Optional(2) is not null ? m * n : 0);
        return c.Result(new TensorFacts(c.Input(0).ElementType, [m, n]), operations, c.PrecisionOf(0));
    }

    // QLinearConv has its weight at 3 and bias at 8; ConvInteger has no bias.
    private static NodeEvaluation Conv(OperatorContext c, OnnxDataType outputType, int weight, int bias)
    {
        var x = c.Shape(0);
        var w = c.Shape(weight);
        if (x.Length < 3 || w.Length != x.Length)
        {
            throw new UnknownCostException($"Conv input [{string.Join(",", x)}] and weight [{string.Join(",", w)}] ranks do not fit");
        }

        var group = c.Node.GetInt("group", 1);
        if (group <= 0 || x[1] != w[1] * group)
        {
            throw new UnknownCostException($"Conv input channels {x[1]} do not equal weight channels {w[1]} × group {group}");
        }

        var kernel = w.Skip(2).ToArray();
        var spatial = OutputSpatial(c, x, kernel, ceilMode: false);
        var output = new long[] { x[0], w[0] }.Concat(spatial).ToArray();
        var outputElements = OperatorContext.Product(output);
        var operations = (2.0 * outputElements * w[1] * OperatorContext.Product(kernel)) + (bias >= 0 && c.Optional(bias) is not null ? outputElements : 0);
        return c.Result(new TensorFacts(outputType, output), operations, c.PrecisionOf(0));
    }

    private static NodeEvaluation Pool(OperatorContext c)
    {
        var x = c.Shape(0);
        var kernel = c.Node.GetInts("kernel_shape")?.ToArray() ?? throw new UnknownCostException("kernel_shape is missing");
        if (x.Length != kernel.Length + 2)
        {
            throw new UnknownCostException($"kernel_shape rank {kernel.Length} does not fit input [{string.Join(",", x)}]");
        }

        var spatial = OutputSpatial(c, x, kernel, c.Node.GetInt("ceil_mode", 0) != 0);
        var output = new[] { x[0], x[1] }.Concat(spatial).ToArray();
        var outputs = new TensorFacts?[c.Node.Outputs.Count];
        outputs[0] = new TensorFacts(c.Input(0).ElementType, output);
        if (outputs.Length > 1)
        {
            outputs[1] = new TensorFacts(OnnxDataType.Int64, output);
        }

        return new NodeEvaluation(outputs, (double)OperatorContext.Product(output) * OperatorContext.Product(kernel), c.PrecisionOf(0), movesData: true);
    }

    private static NodeEvaluation GlobalPool(OperatorContext c)
    {
        var x = c.Shape(0);
        var output = x.Select((d, i) => i < 2 ? d : 1).ToArray();
        return c.Result(new TensorFacts(c.Input(0).ElementType, output), OperatorContext.Product(x), c.PrecisionOf(0));
    }

    // Output size per spatial axis, as the ONNX Conv/Pool specs define it for each auto_pad mode.
    private static long[] OutputSpatial(OperatorContext c, long[] x, long[] kernel, bool ceilMode)
    {
        var n = kernel.Length;
        var strides = c.Node.GetInts("strides")?.ToArray() ?? Enumerable.Repeat(1L, n).ToArray();
        var dilations = c.Node.GetInts("dilations")?.ToArray() ?? Enumerable.Repeat(1L, n).ToArray();
        var pads = c.Node.GetInts("pads")?.ToArray() ?? new long[2 * n];
        var autoPad = c.Node.GetString("auto_pad", "NOTSET");
        if (strides.Length != n || dilations.Length != n || pads.Length != 2 * n || strides.Any(s => s <= 0))
        {
            throw new UnknownCostException("strides, dilations or pads do not match the kernel rank");
        }

        var result = new long[n];
        for (var i = 0; i < n; i++)
        {
            var input = x[i + 2];
            var effectiveKernel = (dilations[i] * (kernel[i] - 1)) + 1;
            result[i] = autoPad switch
            {
                "SAME_UPPER" or "SAME_LOWER" => CeilDiv(input, strides[i]),
                "VALID" => CeilDiv(input - effectiveKernel + 1, strides[i]),
                _ => (ceilMode ? CeilDiv(input + pads[i] + pads[i + n] - effectiveKernel, strides[i]) : (input + pads[i] + pads[i + n] - effectiveKernel) / strides[i]) + 1,
            };
            if (result[i] <= 0)
            {
                throw new UnknownCostException($"spatial axis {i}: input {input} is smaller than the kernel {effectiveKernel}");
            }
        }

        return result;
    }

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;

    // com.microsoft Attention: input [B,S,H], packed QKV weight [H,3H]; projections, Q·Kᵀ, softmax, scores·V.
    private static NodeEvaluation Attention(OperatorContext c)
    {
        var x = c.Shape(0);
        var w = c.Shape(1);
        if (x.Length != 3 || w.Length != 2 || w[0] != x[2] || w[1] % 3 != 0)
        {
            throw new UnknownCostException($"Attention input [{string.Join(",", x)}] and weight [{string.Join(",", w)}] do not fit");
        }

        long batch = x[0], sequence = x[1], hidden = x[2], projected = w[1] / 3;
        var heads = c.Node.GetInt("num_heads", 1);
        var projection = 2.0 * batch * sequence * hidden * w[1];
        var scores = 2.0 * batch * sequence * sequence * projected;
        var softmax = 4.0 * batch * heads * sequence * sequence;
        var context = 2.0 * batch * sequence * sequence * projected;
        var outputs = new TensorFacts?[c.Node.Outputs.Count];
        outputs[0] = new TensorFacts(c.Input(0).ElementType, [batch, sequence, projected]);
        return new NodeEvaluation(outputs, projection + scores + softmax + context, c.PrecisionOf(0), movesData: true);
    }

    // com.microsoft MatMulNBits: A [..., K] × block-quantized B (attributes K, N) → [..., N]. ORT's CPU kernel
    // multiplies in int8 at accuracy_level 4 (where MLAS has the kernel, assumed here) and in A's precision otherwise.
    private static NodeEvaluation MatMulNBits(OperatorContext c)
    {
        var a = c.Shape(0);
        long k = c.Node.GetInt("K", 0), n = c.Node.GetInt("N", 0);
        if (a.Length == 0 || a[a.Length - 1] != k || n <= 0)
        {
            throw new UnknownCostException($"MatMulNBits input [{string.Join(",", a)}] does not end in K = {k}, or N = {n} is not positive");
        }

        var rows = OperatorContext.Product(a.Take(a.Length - 1));
        var precision = c.Node.GetInt("accuracy_level", 0) == 4 ? ComputePrecision.Int8 : c.PrecisionOf(0);
        return c.Result(new TensorFacts(c.Input(0).ElementType, [.. a.Take(a.Length - 1), n]), 2.0 * rows * k * n, precision);
    }

    // com.microsoft GatherBlockQuantized: rows of a packed table picked by indices and dequantized (one multiply-add
    // per value). Packed uint8 data holds two 4-bit values a byte along its last axis (bits 4, the default).
    private static NodeEvaluation GatherBlockQuantized(OperatorContext c)
    {
        var data = c.Shape(0);
        var indices = c.Shape(1);
        var axis = c.Axis(c.Node.GetInt("gather_axis", 0), data.Length);
        var output = data.Take((int)axis).Concat(indices).Concat(data.Skip((int)axis + 1)).ToArray();
        if (c.Input(0).ElementType == OnnxDataType.UInt8 && output.Length > 0)
        {
            output[output.Length - 1] *= 8 / c.Node.GetInt("bits", 4);
        }

        return c.Result(new TensorFacts(c.Input(2).ElementType, output), 2.0 * OperatorContext.Product(output), ComputePrecision.Fp32);
    }
}
