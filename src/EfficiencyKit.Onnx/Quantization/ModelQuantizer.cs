using System;
using System.Collections.Generic;
using System.IO;
using EfficiencyKit.Onnx.IO;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Quantization;

/// <summary>Writes an int8, int4 or fp16 copy of a model. The input file is never modified.</summary>
public static class ModelQuantizer
{
    /// <summary>Quantizes <paramref name="inputPath"/> into <paramref name="outputPath"/> and reports what changed.</summary>
    /// <exception cref="ArgumentException">The output path is the input path.</exception>
    /// <exception cref="OnnxFormatException">The input is not a well-formed ONNX model.</exception>
    public static QuantizationReport Quantize(string inputPath, string outputPath, QuantizationTarget target)
        => Quantize(inputPath, outputPath, new QuantizationOptions { Target = target });

    /// <summary>Quantizes <paramref name="inputPath"/> into <paramref name="outputPath"/> and reports what changed.</summary>
    /// <exception cref="ArgumentException">The output path is the input path, directly or through a symbolic link.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An int4 block size other than 32, 64 or 128, or an accuracy level outside 0–4.</exception>
    /// <exception cref="OnnxFormatException">The input is not a well-formed ONNX model.</exception>
    public static QuantizationReport Quantize(string inputPath, string outputPath, QuantizationOptions options)
    {
        Validate(options);

        var input = Path.GetFullPath(inputPath);
        var output = Path.GetFullPath(outputPath);
        if (CanonicalPath.SameFile(input, output))
        {
            var through = string.Equals(input, output, StringComparison.Ordinal) ? string.Empty : $" ('{output}' and '{input}' are one file through a symbolic link)";
            throw new ArgumentException($"The quantized model must go to a new file, not over '{input}'{through}.", nameof(outputPath));
        }

        var model = OnnxModelReader.Read(input);
        GraphOrder.RequireTopological(model.Graph, input);
        var (tensors, nodes) = Quantize(model, options);
        OnnxModelWriter.Write(model, output);
        var warnings = new List<string>();
        if (options.Target == QuantizationTarget.Int8 && !options.ReduceRange && tensors.Count > 0 && CpuFeatures.Int8MayOverflowWithoutVnni())
        {
            warnings.Add("this CPU has no VNNI: ONNX Runtime's int8 kernels add uint8×int8 products in 16-bit registers here and can saturate with full-range weights (large errors); quantize with reduce-range (7-bit weights) for x86 CPUs without VNNI");
        }

        return new QuantizationReport(options.Target, input, output, new FileInfo(input).Length, new FileInfo(output).Length, tensors, nodes, warnings);
    }

    /// <summary>Rewrites <paramref name="model"/> in memory; weights it does not convert stay where they are.</summary>
    public static (IReadOnlyList<QuantizedTensor> Tensors, IReadOnlyList<QuantizedNode> Nodes) Quantize(OnnxModel model, QuantizationOptions options)
    {
        Validate(options);
        if (model is null)
        {
            throw new ArgumentNullException(nameof(model));
        }

        model.ProducerName = "EfficiencyKit";
        return options.Target switch
        {
            QuantizationTarget.Int8 => Int8DynamicQuantizer.Apply(model, options.ReduceRange),
            QuantizationTarget.Float16 => Float16Converter.Apply(model),
            QuantizationTarget.Int4 => Int4BlockQuantizer.Apply(model, options),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Target, "Unknown quantization target."),
        };
    }

    private static void Validate(QuantizationOptions options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        // ORT takes any power of two from 16 (MatMulNBits); 32, 64 and 128 are the sizes its CPU kernels and our
        // validation cover.
        if (options.BlockSize is not (32 or 64 or 128))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BlockSize, "The int4 block size must be 32, 64 or 128.");
        }

        if (options.AccuracyLevel is < 0 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.AccuracyLevel, "The MatMulNBits accuracy level must be 0 to 4.");
        }
    }
}
