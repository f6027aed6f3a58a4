namespace EfficiencyKit.Analyzers.Tests.Rules;

/// <summary>
/// EK1501 on the shapes real code writes (issue 16, shape 6): casts, Math.Pow, temporaries, row offsets, tensor
/// indexers, spans reached through properties, foreach, LINQ; and the near-misses that must stay quiet. Compiled
/// against the real System.Numerics.Tensors and ONNX Runtime assemblies.
/// </summary>
public sealed class UseTensorPrimitivesShapesTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder()
        .WithAnalyzer<UseTensorPrimitivesAnalyzer>()
        .WithCodeFixProvider<UseTensorPrimitivesFixer>();

    [Fact]
    public Task Double_cast_sum_of_squares_and_float_cast_divide_are_fixed()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;

                internal static class VectorMath
                {
                    public static void L2NormalizeInPlace(float[] v)
                    {
                        double sum = 0;
                        [|for (int i = 0; i < v.Length; i++)|]
                            sum += (double)v[i] * v[i];

                        if (sum <= 0)
                            return;

                        double norm = Math.Sqrt(sum);
                        [|for (int i = 0; i < v.Length; i++)|]
                            v[i] = (float)(v[i] / norm);
                    }
                }
                """)
            .ShouldFixCodeWith("""
                using System;
                using System.Numerics.Tensors;

                internal static class VectorMath
                {
                    public static void L2NormalizeInPlace(float[] v)
                    {
                        double sum = 0;
                        sum += TensorPrimitives.SumOfSquares(v);

                        if (sum <= 0)
                            return;

                        double norm = Math.Sqrt(sum);
                        TensorPrimitives.Divide(v, (float)norm, v);
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Cosine_with_Math_Pow_over_a_shorter_length_is_reported_without_a_fix()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;

                public static class VectorSearch
                {
                    public static double CosineSimilarity(double[] vector1, double[] vector2)
                    {
                        double dot = 0.0, magnitude1 = 0.0, magnitude2 = 0.0;
                        int length = Math.Min(vector1.Length, vector2.Length);
                        [|for (int i = 0; i < length; i++)|]
                        {
                            dot += vector1[i] * vector2[i];
                            magnitude1 += Math.Pow(vector1[i], 2);
                            magnitude2 += Math.Pow(vector2[i], 2);
                        }

                        return dot / (Math.Sqrt(magnitude1) * Math.Sqrt(magnitude2));
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "a cosine similarity")
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Rows_of_a_flat_matrix_at_an_offset_are_reported_without_a_fix()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;

                public static class PatchMath
                {
                    public static float Nearest(float[] rowsA, float[] rowsB, int i, int j, int d, bool useCos)
                    {
                        int offA = i * d;
                        int offB = j * d;
                        float acc = 0f;
                        if (useCos)
                        {
                            [|for (int k = 0; k < d; k++)|] acc += rowsA[offA + k] * rowsB[offB + k];
                            return 1f - acc;
                        }

                        [|for (int k = 0; k < d; k++)|]
                        {
                            float diff = rowsA[offA + k] - rowsB[offB + k];
                            acc += diff * diff;
                        }

                        return MathF.Sqrt(acc);
                    }

                    public static void NormalizeRows(float[] rows, int patches, int dim)
                    {
                        int off = 0;
                        for (int p = 0; p < patches; p++)
                        {
                            double ss = 0.0;
                            int end = off + dim;
                            [|for (int i = off; i < end; i++)|] ss += (double)rows[i] * rows[i];
                            float inv = (float)(1.0 / Math.Sqrt(Math.Max(ss, 1e-12)));
                            [|for (int i = off; i < end; i++)|] rows[i] *= inv;
                            off = end;
                        }
                    }
                }
                """)
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Mean_pooling_through_tensor_indexers_reports_the_inner_loops()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime.Tensors;

                public static class Pooling
                {
                    public static float[] MeanPooling(Tensor<float> output, Tensor<long> mask, int seqLength, int size)
                    {
                        var result = new float[size];
                        var sumMask = new float[size];
                        for (int i = 0; i < seqLength; i++)
                        {
                            float maskValue = mask[0, i];
                            [|for (int j = 0; j < size; j++)|]
                            {
                                result[j] += output[0, i, j] * maskValue;
                                sumMask[j] += maskValue;
                            }
                        }

                        return result;
                    }

                    public static float[] Sum(DenseTensor<float> tensor, int batch, int seqLen, int dim)
                    {
                        var vec = new float[dim];
                        for (int j = 0; j < seqLen; j++)
                        {
                            [|for (int k = 0; k < dim; k++)|]
                                vec[k] += tensor[batch, j, k];
                        }

                        return vec;
                    }

                    public static void Scale(float[,] matrix, float[,] result, int rows, int columns, float scale)
                    {
                        for (int r = 0; r < rows; r++)
                        {
                            [|for (int c = 0; c < columns; c++)|]
                                result[r, c] = matrix[r, c] * scale;
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info)
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Spans_reached_through_properties_and_an_array_accumulator_are_fixed()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime.Tensors;

                public static class OnnxExtensions
                {
                    public static DenseTensor<float> ElementWiseMultiply(DenseTensor<float> tensor1, DenseTensor<float> tensor2)
                    {
                        var resultData = new float[tensor1.Length];
                        [|for (int i = 0; i < resultData.Length; i++)|]
                        {
                            resultData[i] = tensor1.Buffer.Span[i] * tensor2.Buffer.Span[i];
                        }

                        return new DenseTensor<float>(resultData, tensor1.Dimensions);
                    }

                    public static float SumAll(DenseTensor<float> input)
                    {
                        var sumResult = new float[1];
                        [|for (int i = 0; i < input.Buffer.Span.Length; i++)|]
                        {
                            sumResult[0] += input.Buffer.Span[i];
                        }

                        return sumResult[0];
                    }
                }
                """)
            .ShouldFixCodeWith("""
                using Microsoft.ML.OnnxRuntime.Tensors;
                using System.Numerics.Tensors;

                public static class OnnxExtensions
                {
                    public static DenseTensor<float> ElementWiseMultiply(DenseTensor<float> tensor1, DenseTensor<float> tensor2)
                    {
                        var resultData = new float[tensor1.Length];
                        TensorPrimitives.Multiply(tensor1.Buffer.Span, tensor2.Buffer.Span, resultData);

                        return new DenseTensor<float>(resultData, tensor1.Dimensions);
                    }

                    public static float SumAll(DenseTensor<float> input)
                    {
                        var sumResult = new float[1];
                        sumResult[0] += TensorPrimitives.Sum(input.Buffer.Span);

                        return sumResult[0];
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Element_wise_Math_functions_are_reported_without_a_fix()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;

                public static class Activations
                {
                    public static float[] Clamp(float[] input, float min, float max)
                    {
                        var resultData = new float[input.Length];
                        [|for (int i = 0; i < resultData.Length; i++)|]
                        {
                            resultData[i] = Math.Min(Math.Max(input[i], min), max);
                        }

                        return resultData;
                    }

                    public static float L1(float[] a)
                    {
                        float sum = 0;
                        [|for (int i = 0; i < a.Length; i++)|] sum += MathF.Abs(a[i]);
                        return sum;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "element-wise arithmetic")
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Foreach_sum_of_squares_is_fixed()
        => CreateProjectBuilder()
            .WithSourceCode("""
                public static class Norms
                {
                    public static float SquaredNorm(float[] v)
                    {
                        float sum = 0;
                        [|foreach (var x in v)|]
                            sum += x * x;
                        return sum;
                    }
                }
                """)
            .ShouldFixCodeWith("""
                using System.Numerics.Tensors;

                public static class Norms
                {
                    public static float SquaredNorm(float[] v)
                    {
                        float sum = 0;
                        sum += TensorPrimitives.SumOfSquares(v);
                        return sum;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Foreach_with_a_hand_kept_index_is_reported_without_a_fix()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;

                public static class Norms
                {
                    public static float Dot(List<float> a, float[] b)
                    {
                        float dot = 0;
                        int i = 0;
                        [|foreach (var x in a)|]
                        {
                            dot += x * b[i];
                            i++;
                        }

                        return dot;
                    }

                    public static float NotCounted(List<float> a, float[] b, int i)
                    {
                        float dot = 0;
                        foreach (var x in a)
                        {
                            dot += x * b[i];
                            i++;
                        }

                        return dot;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "a dot product")
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Linq_dot_products_and_norms_become_one_call()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Linq;

                public static class Similarity
                {
                    public static float Cosine(float[] a, float[] b)
                    {
                        var dot = [|a.Zip(b, (x, y) => x * y).Sum()|];
                        var magnitudeA = MathF.Sqrt([|a.Sum(x => x * x)|]);
                        var magnitudeB = MathF.Sqrt([|b.Select(x => x * x).Sum()|]);
                        return dot / (magnitudeA * magnitudeB);
                    }

                    public static double Dot(double[] a, double[] b) => [|a.Select((x, i) => x * b[i]).Sum()|];
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "This LINQ query computes")
            .ShouldFixCodeWith("""
                using System;
                using System.Linq;
                using System.Numerics.Tensors;

                public static class Similarity
                {
                    public static float Cosine(float[] a, float[] b)
                    {
                        var dot = TensorPrimitives.Dot(a, b);
                        var magnitudeA = MathF.Sqrt(TensorPrimitives.SumOfSquares(a));
                        var magnitudeB = MathF.Sqrt(TensorPrimitives.SumOfSquares(b));
                        return dot / (magnitudeA * magnitudeB);
                    }

                    public static double Dot(double[] a, double[] b) => TensorPrimitives.Dot<double>(a, b);
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Linq_aggregates_and_element_wise_maps_are_reported_without_a_fix()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Linq;

                public static class Maps
                {
                    public static float[] Normalize(float[] map, float min, float max)
                        => [|map.Select(x => ((x - min) / (max - min)) * 255)|].ToArray();

                    public static float SquaredNorm(float[] v) => [|v.Aggregate(0f, (acc, x) => acc + x * x)|];

                    public static float[] Add(float[] a, float[] b) => [|a.Zip(b, (x, y) => x + y)|].ToArray();

                    public static double Mean(double[] a, double[] b) => [|a.Zip(b, (x, y) => x * y).Average()|];
                }
                """)
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Near_misses_stay_quiet()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using System.Numerics;
                using System.Numerics.Tensors;
                using Microsoft.ML.OnnxRuntime.Tensors;

                public static class NearMisses
                {
                    // HWC -> CHW: indexing only, no arithmetic.
                    public static float[] ToChw(float[] hwc, int h, int w)
                    {
                        var chw = new float[hwc.Length];
                        for (int y = 0; y < h; y++)
                            for (int x = 0; x < w; x++)
                                for (int c = 0; c < 3; c++)
                                    chw[c * h * w + y * w + x] = hwc[(y * w + x) * 3 + c];
                        return chw;
                    }

                    // A copy out of a tensor through its indexer.
                    public static float[] Flatten(DenseTensor<float> t, int c, int h, int w)
                    {
                        var arr = new float[c * h * w];
                        int k = 0;
                        for (int ci = 0; ci < c; ci++)
                            for (int hi = 0; hi < h; hi++)
                                for (int wi = 0; wi < w; wi++)
                                    arr[k++] = t[0, ci, hi, wi];
                        return arr;
                    }

                    // A plain copy and a pixel conversion.
                    public static void Copy(float[] source, float[] target, byte[] pixels)
                    {
                        for (int i = 0; i < source.Length; i++) target[i] = source[i];
                        for (int i = 0; i < source.Length; i++) pixels[i] = (byte)(source[i] * 255);
                    }

                    // The scalar tail of a loop already vectorised with Vector<T>.
                    public static float Dot(float[] q, float[] g, int qOff, int gOff, int d)
                    {
                        float dot = 0;
                        int k = 0;
                        for (; k <= d - Vector<float>.Count; k += Vector<float>.Count)
                            dot += Vector.Dot(new Vector<float>(q, qOff + k), new Vector<float>(g, gOff + k));
                        for (; k < d; k++)
                            dot += q[qOff + k] * g[gOff + k];
                        return dot;
                    }

                    // Already TensorPrimitives; a user method per element; integers; a tiny fixed-size vector.
                    public static void Others(float[][] rows, float[] query, float[] scores, int[] a, int[] b)
                    {
                        for (int i = 0; i < rows.Length; i++) scores[i] = TensorPrimitives.CosineSimilarity(rows[i], query);
                        for (int i = 0; i < query.Length; i++) scores[i] = query[i] / Norm(query, i);
                        long dot = 0;
                        for (int i = 0; i < a.Length; i++) dot += a[i] * b[i];
                        float small = 0;
                        for (int i = 0; i < 3; i++) small += query[i] * scores[i];
                    }

                    // A column of a matrix (the index is not the last one) and a stencil.
                    public static float Column(float[,] m, int rows, int column, float[] v, float[] d)
                    {
                        float sum = 0;
                        for (int r = 0; r < rows; r++) sum += m[r, column];
                        for (int i = 0; i < v.Length - 1; i++) d[i] = v[i + 1] - v[i];
                        return sum;
                    }

                    // LINQ that is not vector math: text, a plain sum, integers, a call per element.
                    public static object Linq(List<(string Name, float Score)> items, float[] v, int[] counts, float[] w)
                    {
                        var text = string.Join("\n", items.Select(p => $"{p.Name};{p.Score}"));
                        var total = v.Sum();
                        var squares = counts.Sum(c => c * c);
                        var scaled = v.Zip(w, (x, y) => Combine(x, y)).Sum();
                        return (text, total, squares, scaled);
                    }

                    private static float Norm(float[] v, int i) => MathF.Abs(v[i]) + 1;

                    private static float Combine(float x, float y) => x * y;
                }
                """)
            .ValidateAsync();
}
