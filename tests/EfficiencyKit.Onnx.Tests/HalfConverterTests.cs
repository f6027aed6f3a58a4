using EfficiencyKit.Onnx.Quantization;

namespace EfficiencyKit.Onnx.Tests;

public sealed class HalfConverterTests
{
    [Fact]
    public void Conversion_matches_System_Half_bit_for_bit()
    {
        var random = new Random(99);
        var special = new[] { 0f, -0f, 1f, -1f, 65504f, 65519.99f, 65520f, 1e-8f, 5.96e-8f, 2.98e-8f, 6.1e-5f, 6.09e-5f, float.Epsilon, float.MaxValue, float.PositiveInfinity, float.NegativeInfinity, float.NaN };
        foreach (var value in special)
        {
            Check(value);
        }

        for (var i = 0; i < 200_000; i++)
        {
            // Random bit patterns cover every exponent, subnormals and rounding ties.
            Check(BitConverter.Int32BitsToSingle(random.Next() ^ (random.Next(2) << 31)));
        }
    }

    [Fact]
    public void Every_half_converts_back_exactly()
    {
        for (var bits = 0; bits <= ushort.MaxValue; bits++)
        {
            var expected = (float)BitConverter.UInt16BitsToHalf((ushort)bits);
            var actual = HalfConverter.ToSingle((ushort)bits);
            Assert.True(float.IsNaN(expected) ? float.IsNaN(actual) : BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"0x{bits:x4}");
        }
    }

    private static void Check(float value)
    {
        var expected = BitConverter.HalfToUInt16Bits((Half)value);
        var actual = HalfConverter.FromSingle(value);
        if (float.IsNaN(value))
        {
            Assert.True(Half.IsNaN(BitConverter.UInt16BitsToHalf(actual)));
            return;
        }

        Assert.True(expected == actual, $"{value:R}: expected 0x{expected:x4}, got 0x{actual:x4}");
    }
}
