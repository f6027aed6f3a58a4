using System;
using System.Collections.Generic;
using System.Linq;
using EfficiencyKit.Energy.Hardware;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Inspection;

/// <summary>Sampling, windows, Fourier transforms, random tensors and the remaining normalisations.</summary>
internal static partial class OperatorModels
{
    private static void AddSignal(Dictionary<string, Func<OperatorContext, NodeEvaluation>> models)
    {
        models["GridSample"] = GridSample;
        models["LRN"] = c => PerElement(c, (int)((2 * c.Node.GetInt("size", 1)) + 3));
        models["MeanVarianceNormalization"] = c => PerElement(c, 7);
        models["Det"] = Det;
        models["MaxUnpool"] = c => c.Movement(c.DeclaredOutput(0, "MaxUnpool's output size is given by an input or defaults the model must state"));
        models["HannWindow"] = c => Window(c, 3);
        models["HammingWindow"] = c => Window(c, 3);
        models["BlackmanWindow"] = c => Window(c, 5);
        models["Bernoulli"] = c => Random(c, c.Shape(0), 2);
        models["RandomUniformLike"] = c => Random(c, c.Shape(0), 1);
        models["RandomNormalLike"] = c => Random(c, c.Shape(0), 1);
        models["DFT"] = Dft;
    }

    // Per output element: bilinear reads 4 and bicubic 16 taps of the input plane, a multiply-add each; nearest is a copy.
    private static NodeEvaluation GridSample(OperatorContext c)
    {
        var x = c.Shape(0);
        var grid = c.Shape(1);
        if (x.Length != 4 || grid.Length != 4 || grid[0] != x[0] || grid[3] != 2)
        {
            throw new UnknownCostException($"GridSample input [{string.Join(",", x)}] and grid [{string.Join(",", grid)}] do not fit");
        }

        long[] output = [x[0], x[1], grid[1], grid[2]];
        var taps = c.Node.GetString("mode", c.Opset >= 20 ? "linear" : "bilinear") switch
        {
            "nearest" => 0,
            "bicubic" or "cubic" => 16,
            _ => 4,
        };
        return c.Result(new TensorFacts(c.Input(0).ElementType, output), 2.0 * taps * OperatorContext.Product(output), c.PrecisionOf(0));
    }

    // LU decomposition: ⅔·n³ operations per n×n matrix.
    private static NodeEvaluation Det(OperatorContext c)
    {
        var x = c.Shape(0);
        if (x.Length < 2 || x[x.Length - 1] != x[x.Length - 2])
        {
            throw new UnknownCostException($"Det of a non-square input [{string.Join(",", x)}]");
        }

        var n = (double)x[x.Length - 1];
        var batch = x.Take(x.Length - 2).ToArray();
        return c.Result(new TensorFacts(c.Input(0).ElementType, batch), OperatorContext.Product(batch) * 2.0 / 3.0 * n * n * n, c.PrecisionOf(0));
    }

    // A few operations per sample: one cosine per term and the weighted sum (Hann, Hamming 3; Blackman 5).
    private static NodeEvaluation Window(OperatorContext c, int perElement)
    {
        var type = (OnnxDataType)c.Node.GetInt("output_datatype", (long)OnnxDataType.Float);
        var output = c.ValuesOrNull(0) is { Length: 1 } size
            ? new TensorFacts(type, [size[0]])
            : c.DeclaredOutput(0, "the window size is computed at run time");
        return c.Result(output, (double)perElement * output.Elements, OperatorContext.Precision(type));
    }

    // A draw per element (Bernoulli: and a comparison).
    private static NodeEvaluation Random(OperatorContext c, long[] shape, int perElement)
    {
        var type = c.Node.FindAttribute("dtype")?.I is { } dtype ? (OnnxDataType)dtype : c.Input(0).ElementType;
        return c.Result(new TensorFacts(type, shape), (double)perElement * OperatorContext.Product(shape), OperatorContext.Precision(type));
    }

    // A radix-2 FFT: 5·n·log₂n operations per transform of length n (the usual complex FFT count).
    private static NodeEvaluation Dft(OperatorContext c)
    {
        var x = c.Shape(0);
        var axisValue = c.Opset >= 20 ? c.ValuesOrNull(2) is { Length: 1 } given ? given[0] : -2 : c.Node.GetInt("axis", 1);
        var axis = (int)c.Axis(axisValue, x.Length);
        if (x.Length < 2 || axis == x.Length - 1 || x[x.Length - 1] is not (1 or 2))
        {
            throw new UnknownCostException($"DFT input [{string.Join(",", x)}] has no real/complex last axis");
        }

        var length = c.Optional(1) is null ? x[axis] : c.ValuesOrNull(1) is { Length: 1 } dftLength ? dftLength[0] : -1;
        if (length <= 0)
        {
            throw new UnknownCostException("dft_length is computed at run time");
        }

        var output = (long[])x.Clone();
        output[axis] = c.Node.GetInt("onesided", 0) != 0 ? (length / 2) + 1 : length;
        output[x.Length - 1] = 2;
        var transforms = OperatorContext.Product(x.Where((_, i) => i != axis && i != x.Length - 1));
        var operations = 5.0 * transforms * length * Math.Max(1, Math.Log(length, 2));
        return c.Result(new TensorFacts(c.Input(0).ElementType, output), operations, c.PrecisionOf(0));
    }
}
