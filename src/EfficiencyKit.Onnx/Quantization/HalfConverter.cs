using System;

namespace EfficiencyKit.Onnx.Quantization;

/// <summary>
/// IEEE 754 binary32 ↔ binary16 with round-to-nearest-even (what System.Half does; written out because the
/// netstandard2.0 build, loaded by MSBuild, has no System.Half).
/// </summary>
internal static class HalfConverter
{
    public const float MaxValue = 65504f;

    public static ushort FromSingle(float value)
    {
        var bits = (uint)BitConverter.ToInt32(BitConverter.GetBytes(value), 0);
        var sign = (ushort)((bits >> 16) & 0x8000);
        var exponent = (int)((bits >> 23) & 0xFF);
        var mantissa = bits & 0x7FFFFF;
        if (exponent == 0xFF)
        {
            // Inf stays Inf; NaN keeps a quiet NaN payload bit.
            return (ushort)(sign | 0x7C00u | (mantissa != 0 ? 0x200u | (mantissa >> 13) : 0u));
        }

        var halfExponent = exponent - 127 + 15;
        if (halfExponent >= 0x1F)
        {
            return (ushort)(sign | 0x7C00);
        }

        if (halfExponent <= 0)
        {
            if (halfExponent < -10)
            {
                return sign;
            }

            // Subnormal half: shift the mantissa (with its implicit 1) right, rounding to nearest even.
            var full = mantissa | 0x800000;
            var shift = 14 - halfExponent;
            var result = full >> shift;
            var remainder = full & ((1u << shift) - 1);
            var halfway = 1u << (shift - 1);
            if (remainder > halfway || (remainder == halfway && (result & 1) != 0))
            {
                result++;
            }

            return (ushort)(sign | result);
        }

        var half = (uint)((halfExponent << 10) | (int)(mantissa >> 13));
        var rest = mantissa & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0))
        {
            // Carry may roll into the exponent, and into Inf at the top: both are the correct rounding.
            half++;
        }

        return (ushort)(sign | half);
    }

    public static float ToSingle(ushort half)
    {
        var sign = (uint)(half & 0x8000) << 16;
        var exponent = (half >> 10) & 0x1F;
        var mantissa = (uint)(half & 0x3FF);
        uint bits;
        if (exponent == 0x1F)
        {
            bits = sign | 0x7F800000 | (mantissa << 13);
        }
        else if (exponent != 0)
        {
            bits = sign | ((uint)(exponent - 15 + 127) << 23) | (mantissa << 13);
        }
        else if (mantissa == 0)
        {
            bits = sign;
        }
        else
        {
            // Subnormal: normalise.
            var e = -1;
            do
            {
                e++;
                mantissa <<= 1;
            }
            while ((mantissa & 0x400) == 0);

            bits = sign | ((uint)(127 - 15 - e) << 23) | ((mantissa & 0x3FF) << 13);
        }

        return BitConverter.ToSingle(BitConverter.GetBytes(bits), 0);
    }
}
