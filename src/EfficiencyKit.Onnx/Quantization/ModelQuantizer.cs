using System;
using System.Collections.Generic;
using System.IO;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Quantization;

/// <summary>Writes an int8 or fp16 copy of a model. The input file is never modified.</summary>
public static class ModelQuantizer
{
    /// <summary>Quantizes <paramref name="inputPath"/> into <paramref name="outputPath"/> and reports what changed.</summary>
    /// <exception cref="ArgumentException">The output path is the input path.</exception>
    /// <exception cref="OnnxFormatException">The input is not a well-formed ONNX model.</exception>
    public static QuantizationReport Quantize(string inputPath, string outputPath, QuantizationTarget target)
    {
        var input = Path.GetFullPath(inputPath);
        var output = Path.GetFullPath(outputPath);
        if (string.Equals(input, output, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The quantized model must go to a new file, not over '{input}'.", nameof(outputPath));
        }

        var model = OnnxModelReader.Read(input);
        var (tensors, nodes) = Quantize(model, target);
        OnnxModelWriter.Write(model, output);
        return new QuantizationReport(target, input, output, new FileInfo(input).Length, new FileInfo(output).Length, tensors, nodes);
    }

    /// <summary>Rewrites <paramref name="model"/> in memory; weights it does not convert stay where they are.</summary>
    public static (IReadOnlyList<QuantizedTensor> Tensors, IReadOnlyList<QuantizedNode> Nodes) Quantize(OnnxModel model, QuantizationTarget target)
    {
        if (model is null)
        {
            throw new ArgumentNullException(nameof(model));
        }

        model.ProducerName = "EfficiencyKit";
        return target switch
        {
            QuantizationTarget.Int8 => Int8DynamicQuantizer.Apply(model),
            QuantizationTarget.Float16 => Float16Converter.Apply(model),
            _ => throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown quantization target."),
        };
    }
}
