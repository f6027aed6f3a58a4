using System;

namespace EfficiencyKit.Onnx.Quantization;

/// <summary>
/// One block of weights to 4-bit codes, as ONNX Runtime's block quantizer does it (so our files dequantize as ORT's
/// own would): symmetric blocks put the weight of largest magnitude at code 0 (scale = that weight / −8, so it is
/// exact and the opposite extreme clamps to 7) and imply zero point 8; asymmetric blocks spread min(w, 0)..max(w, 0)
/// over 0..15 (scale = range / 15) with zero point round(−min / scale). Weights dequantize as (code − zero point) · scale.
/// An all-zero block gets scale 0 and zero point 8. Rounding is half to even.
/// </summary>
internal static class Int4Block
{
    /// <summary>The zero point ORT assumes when a MatMulNBits or GatherBlockQuantized node has none (2^(bits−1)).</summary>
    public const byte SymmetricZeroPoint = 8;

    /// <summary>
    /// Writes one code (0..15) per value to <paramref name="codes"/>, returns the block's scale and zero point, and
    /// raises <paramref name="maxError"/> to the largest |w − dequantized w| seen. The values must be finite.
    /// </summary>
    public static (float Scale, byte ZeroPoint) Quantize(ReadOnlySpan<float> values, Span<byte> codes, bool symmetric, ref double maxError)
    {
        float min = 0, max = 0;
        foreach (var value in values)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        float scale;
        int zeroPoint;
        if (symmetric)
        {
            // The extreme with the larger magnitude, the negative one on a tie (ORT's choice).
            scale = (Math.Abs(max) > Math.Abs(min) ? max : min) / -8f;
            zeroPoint = SymmetricZeroPoint;
        }
        else
        {
            scale = (max - min) / 15f;
            zeroPoint = scale == 0 ? SymmetricZeroPoint : Clamp((int)Math.Round(-min / scale, MidpointRounding.ToEven));
        }

        for (var i = 0; i < values.Length; i++)
        {
            // Zero point added before rounding, as ORT does (it moves which ties round up when the zero point is odd).
            var code = scale == 0 ? zeroPoint : Clamp((int)Math.Round((values[i] / scale) + zeroPoint, MidpointRounding.ToEven));
            codes[i] = (byte)code;
            maxError = Math.Max(maxError, Math.Abs(values[i] - ((code - zeroPoint) * scale)));
        }

        return (scale, (byte)zeroPoint);
    }

    private static int Clamp(int code) => Math.Min(15, Math.Max(0, code));
}
