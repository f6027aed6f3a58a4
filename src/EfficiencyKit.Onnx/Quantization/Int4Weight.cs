namespace EfficiencyKit.Onnx.Quantization;

/// <summary>A weight stored as 4-bit blocks, in the layout of the ORT operator that reads it.</summary>
/// <param name="Codes">Two codes per byte, the even element in the low nibble.</param>
/// <param name="CodeDims">Shape of <paramref name="Codes"/> as UINT8.</param>
/// <param name="Scales">One scale per block.</param>
/// <param name="ScaleDims">Shape of <paramref name="Scales"/>.</param>
/// <param name="ZeroPoints">Asymmetric blocks: two 4-bit zero points per byte (even block low), each row padded to whole bytes; null when symmetric.</param>
/// <param name="ZeroPointDims">Shape of <paramref name="ZeroPoints"/>.</param>
/// <param name="MaxAbsError">Largest |w − dequantized w| over the weight.</param>
internal sealed record Int4Weight(byte[] Codes, long[] CodeDims, float[] Scales, long[] ScaleDims, byte[]? ZeroPoints, long[] ZeroPointDims, double MaxAbsError)
{
    /// <summary>Stored bytes: codes, fp32 scales and zero points.</summary>
    public long ByteCount => Codes.LongLength + (4L * Scales.LongLength) + (ZeroPoints?.LongLength ?? 0);
}
