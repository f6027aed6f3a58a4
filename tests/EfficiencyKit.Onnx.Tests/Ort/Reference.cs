namespace EfficiencyKit.Onnx.Tests.Ort;

/// <summary>Managed reference computations and deterministic test data.</summary>
internal static class Reference
{
    /// <summary>Deterministic values in [-1, 1), negatives included, so Relu and ArgMax have something to do.</summary>
    public static float[] Values(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    /// <summary>Row-major [n, k] × [k, m] in double precision.</summary>
    public static float[] MatMul(float[] a, float[] b, int n, int k, int m, bool transposeB = false)
    {
        var c = new float[n * m];
        for (var row = 0; row < n; row++)
        {
            for (var col = 0; col < m; col++)
            {
                double sum = 0;
                for (var i = 0; i < k; i++)
                {
                    sum += a[(row * k) + i] * (double)(transposeB ? b[(col * k) + i] : b[(i * m) + col]);
                }

                c[(row * m) + col] = (float)sum;
            }
        }

        return c;
    }

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance = 1e-5f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
