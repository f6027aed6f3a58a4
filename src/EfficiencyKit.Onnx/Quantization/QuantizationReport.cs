using System.Collections.Generic;

namespace EfficiencyKit.Onnx.Quantization;

/// <summary>What <see cref="ModelQuantizer"/> wrote and why.</summary>
/// <param name="Target">int8, int4 or fp16.</param>
/// <param name="InputPath">The model read (never modified).</param>
/// <param name="OutputPath">The model written.</param>
/// <param name="BytesBefore">Size of the input file.</param>
/// <param name="BytesAfter">Size of the output file.</param>
/// <param name="Tensors">Weights converted.</param>
/// <param name="Nodes">Candidate nodes, rewritten or skipped with a reason.</param>
/// <param name="Warnings">Things the user should know about running the result (e.g. int8 saturation on CPUs without VNNI).</param>
public sealed record QuantizationReport(
    QuantizationTarget Target,
    string InputPath,
    string OutputPath,
    long BytesBefore,
    long BytesAfter,
    IReadOnlyList<QuantizedTensor> Tensors,
    IReadOnlyList<QuantizedNode> Nodes,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Output size over input size.</summary>
    public double SizeRatio => BytesBefore == 0 ? 1 : (double)BytesAfter / BytesBefore;
}
