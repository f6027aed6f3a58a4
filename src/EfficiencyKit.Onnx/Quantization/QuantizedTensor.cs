namespace EfficiencyKit.Onnx.Quantization;

/// <summary>One weight the quantizer converted.</summary>
/// <param name="Name">The original tensor name.</param>
/// <param name="NewName">The converted tensor's name.</param>
/// <param name="BytesBefore">Stored bytes before.</param>
/// <param name="BytesAfter">Stored bytes after (including scales and zero points).</param>
/// <param name="Scale">The int8 scale (max|w|/127); null for fp16 and int4 (int4 has one scale per block).</param>
/// <param name="MaxAbsError">Largest |w − dequantized w| over the tensor.</param>
/// <param name="ClampedValues">fp16: values beyond ±65504 that were clamped to the largest finite half.</param>
public sealed record QuantizedTensor(string Name, string NewName, long BytesBefore, long BytesAfter, float? Scale, double MaxAbsError, long ClampedValues);
