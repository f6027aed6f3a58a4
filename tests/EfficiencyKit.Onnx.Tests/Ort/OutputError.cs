namespace EfficiencyKit.Onnx.Tests.Ort;

/// <summary>How far a quantized model's outputs are from the fp32 model's on the same inputs, row by row of <c>rowLength</c> values.</summary>
internal sealed record OutputError(double MaxAbs, double MeanAbs, double RelativeRms, double Cosine, double Top1Agreement)
{
    public static OutputError Of(float[] expected, float[] actual, int rowLength)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxAbs = 0, sumAbs = 0, squaredError = 0, dot = 0, expectedNorm = 0, actualNorm = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var difference = Math.Abs(expected[i] - actual[i]);
            maxAbs = Math.Max(maxAbs, difference);
            sumAbs += difference;
            squaredError += difference * difference;
            dot += expected[i] * (double)actual[i];
            expectedNorm += expected[i] * (double)expected[i];
            actualNorm += actual[i] * (double)actual[i];
        }

        var rows = expected.Length / rowLength;
        var agree = Enumerable.Range(0, rows).Count(r => ArgMax(expected, r, rowLength) == ArgMax(actual, r, rowLength));
        return new OutputError(maxAbs, sumAbs / expected.Length, Math.Sqrt(squaredError / expectedNorm), dot / Math.Sqrt(expectedNorm * actualNorm), (double)agree / rows);
    }

    public override string ToString() => FormattableString.Invariant($"max abs {MaxAbs:G3}, mean abs {MeanAbs:G3}, relative RMS {RelativeRms:P2}, cosine {Cosine:F5}, top-1 agreement {Top1Agreement:P1}");

    private static int ArgMax(float[] values, int row, int length)
    {
        var best = 0;
        for (var i = 1; i < length; i++)
        {
            if (values[(row * length) + i] > values[(row * length) + best])
            {
                best = i;
            }
        }

        return best;
    }
}
