namespace EfficiencyKit.Analyzers.Tests.Rules;

public sealed class UseTensorPrimitivesAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder()
        .WithAnalyzer<UseTensorPrimitivesAnalyzer>()
        .WithCodeFixProvider<UseTensorPrimitivesFixer>();

    [Fact]
    public Task Hand_written_cosine_similarity_becomes_three_vectorized_calls()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;

                public static class VectorMath
                {
                    public static double CosineSimilarity(float[] a, float[] b)
                    {
                        double dot = 0, normA = 0, normB = 0;
                        [|for (int i = 0; i < a.Length; i++)|]
                        {
                            dot += a[i] * b[i];
                            normA += a[i] * a[i];
                            normB += b[i] * b[i];
                        }

                        return dot / (Math.Sqrt(normA) * Math.Sqrt(normB));
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "This loop computes a cosine similarity (a dot product and two sums of squares) one element at a time; 'TensorPrimitives.CosineSimilarity'")
            .ShouldFixCodeWith("""
                using System;
                using System.Numerics.Tensors;

                public static class VectorMath
                {
                    public static double CosineSimilarity(float[] a, float[] b)
                    {
                        double dot = 0, normA = 0, normB = 0;
                        dot += TensorPrimitives.Dot(a, b);
                        normA += TensorPrimitives.SumOfSquares(a);
                        normB += TensorPrimitives.SumOfSquares(b);

                        return dot / (Math.Sqrt(normA) * Math.Sqrt(normB));
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Dot_product_over_spans_written_as_acc_equals_acc_plus()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;

                public static class Scoring
                {
                    public static float Score(ReadOnlySpan<float> query, ReadOnlySpan<float> document)
                    {
                        float score = 0f;
                        [|for (var i = 0; i < query.Length; ++i)|]
                            score = score + query[i] * document[i];
                        return score;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "a dot product")
            .ShouldFixCodeWith("""
                using System;
                using System.Numerics.Tensors;

                public static class Scoring
                {
                    public static float Score(ReadOnlySpan<float> query, ReadOnlySpan<float> document)
                    {
                        float score = 0f;
                        score += TensorPrimitives.Dot(query, document);
                        return score;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Normalising_in_place_uses_sum_of_squares_and_divide()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;

                public static class Normalizer
                {
                    public static void Normalize(float[] vector)
                    {
                        float sum = 0;
                        [|for (int i = 0; i < vector.Length; i++)|]
                        {
                            sum += vector[i] * vector[i];
                        }

                        var norm = MathF.Sqrt(sum);
                        [|for (int i = 0; i < vector.Length; i++)|]
                        {
                            vector[i] /= norm;
                        }
                    }
                }
                """)
            .ShouldFixCodeWith("""
                using System;
                using System.Numerics.Tensors;

                public static class Normalizer
                {
                    public static void Normalize(float[] vector)
                    {
                        float sum = 0;
                        sum += TensorPrimitives.SumOfSquares(vector);

                        var norm = MathF.Sqrt(sum);
                        TensorPrimitives.Divide(vector, norm, vector);
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Element_wise_operations_into_a_destination()
        => CreateProjectBuilder()
            .WithSourceCode("""
                public static class Blend
                {
                    public static float[] Mix(float[] a, float[] b, float weight)
                    {
                        var sum = new float[a.Length];
                        [|for (int i = 0; i < a.Length; i++)|]
                            sum[i] = a[i] + b[i];
                        var scaled = new float[a.Length];
                        [|for (int i = 0; i < sum.Length; i++)|]
                            scaled[i] = weight * sum[i];
                        return scaled;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info)
            .ShouldFixCodeWith("""
                using System.Numerics.Tensors;

                public static class Blend
                {
                    public static float[] Mix(float[] a, float[] b, float weight)
                    {
                        var sum = new float[a.Length];
                        TensorPrimitives.Add(a, b, sum);
                        var scaled = new float[a.Length];
                        TensorPrimitives.Multiply(sum, weight, scaled);
                        return scaled;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task List_of_float_goes_through_CollectionsMarshal()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;

                public sealed class StoredVector
                {
                    private readonly List<float> _values = new();

                    public float Dot(List<float> other)
                    {
                        var result = 0f;
                        [|for (int i = 0; i < _values.Count; i++)|]
                        {
                            result += _values[i] * other[i];
                        }

                        return result;
                    }
                }
                """)
            .ShouldFixCodeWith("""
                using System.Collections.Generic;
                using System.Numerics.Tensors;
                using System.Runtime.InteropServices;

                public sealed class StoredVector
                {
                    private readonly List<float> _values = new();

                    public float Dot(List<float> other)
                    {
                        var result = 0f;
                        result += TensorPrimitives.Dot(CollectionsMarshal.AsSpan(_values), CollectionsMarshal.AsSpan(other));

                        return result;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Double_vectors_use_the_generic_overloads()
        => CreateProjectBuilder()
            .WithSourceCode("""
                public static class Statistics
                {
                    public static double Total(double[] values)
                    {
                        double total = 0;
                        [|for (int i = 0; i < values.Length; i++)|]
                            total += values[i];
                        return total;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "a sum")
            .ShouldFixCodeWith("""
                using System.Numerics.Tensors;

                public static class Statistics
                {
                    public static double Total(double[] values)
                    {
                        double total = 0;
                        total += TensorPrimitives.Sum<double>(values);
                        return total;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Euclidean_distance_is_reported_without_a_fix()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;

                public static class Distances
                {
                    public static float Euclidean(float[] a, float[] b)
                    {
                        float sum = 0;
                        [|for (int i = 0; i < a.Length; i++)|]
                        {
                            var d = a[i] - b[i];
                            sum += d * d;
                        }

                        return MathF.Sqrt(sum);
                    }

                    public static float Inline(float[] a, float[] b)
                    {
                        float sum = 0;
                        [|for (int i = 0; i < a.Length; i++)|]
                            sum += (a[i] - b[i]) * (a[i] - b[i]);
                        return sum;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "a squared Euclidean distance one element at a time; 'TensorPrimitives.Distance'")
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task A_partial_bound_is_reported_without_a_fix()
        => CreateProjectBuilder()
            .WithSourceCode("""
                public static class Prefix
                {
                    public static float DotPrefix(float[] a, float[] b, int dimensions)
                    {
                        float dot = 0;
                        [|for (int i = 0; i < dimensions; i++)|]
                            dot += a[i] * b[i];
                        return dot;
                    }
                }
                """)
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Single_statement_of_an_if_becomes_a_block()
        => CreateProjectBuilder()
            .WithSourceCode("""
                public static class Accumulate
                {
                    public static void AddInto(float[] total, float[] delta, bool enabled)
                    {
                        if (enabled)
                            [|for (int i = 0; i < total.Length; i++)|]
                                total[i] += delta[i];
                    }
                }
                """)
            .ShouldFixCodeWith("""
                using System.Numerics.Tensors;

                public static class Accumulate
                {
                    public static void AddInto(float[] total, float[] delta, bool enabled)
                    {
                        if (enabled)
                        {
                            TensorPrimitives.Add(total, delta, total);
                        }
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Loops_that_are_not_plain_kernels_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Numerics;

                public static class NotKernels
                {
                    public static float Branch(float[] a, float[] b)
                    {
                        float dot = 0;
                        for (int i = 0; i < a.Length; i++)
                        {
                            if (a[i] > 0) dot += a[i] * b[i];
                        }
                        return dot;
                    }

                    public static float FromOne(float[] a, float[] b)
                    {
                        float dot = 0;
                        for (int i = 1; i < a.Length; i++) dot += a[i] * b[i];
                        return dot;
                    }

                    public static float Strided(float[] a)
                    {
                        float sum = 0;
                        for (int i = 0; i < a.Length; i += 2) sum += a[i];
                        return sum;
                    }

                    public static float Shifted(float[] a, float[] b)
                    {
                        float dot = 0;
                        for (int i = 0; i < a.Length - 1; i++) dot += a[i] * b[i + 1];
                        return dot;
                    }

                    public static long Integers(int[] a, int[] b)
                    {
                        long dot = 0;
                        for (int i = 0; i < a.Length; i++) dot += a[i] * b[i];
                        return dot;
                    }

                    public static float WithCall(float[] a, Func<float, float> f)
                    {
                        float sum = 0;
                        for (int i = 0; i < a.Length; i++) sum += f(a[i]);
                        return sum;
                    }

                    public static float EarlyExit(float[] a)
                    {
                        float sum = 0;
                        for (int i = 0; i < a.Length; i++) { sum += a[i]; if (sum > 10) break; }
                        return sum;
                    }

                    public static float Simd(float[] a, float[] b)
                    {
                        var acc = Vector<float>.Zero;
                        for (int i = 0; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
                            acc += new Vector<float>(a, i) * new Vector<float>(b, i);
                        return Vector.Sum(acc);
                    }

                    public static void Interleaved(float[] a, float[] b)
                    {
                        for (int i = 0; i < a.Length; i++)
                        {
                            a[i] = a[i] * 2;
                            b[i] = a[i] + b[i];
                        }
                    }

                    public static float Counted(float[] a)
                    {
                        float sum = 0;
                        int i = 0;
                        while (i < a.Length) sum += a[i++];
                        return sum;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Without_TensorPrimitives_an_AI_project_is_told_but_offered_no_fix()
        => CreateProjectBuilder()
            .WithoutReference("System.Numerics.Tensors")
            .WithSourceCode("""
                public static class Similarity
                {
                    public static float Dot(float[] a, float[] b)
                    {
                        float dot = 0;
                        [|for (int i = 0; i < a.Length; i++)|] dot += a[i] * b[i];
                        return dot;
                    }
                }
                """)
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task A_project_without_TensorPrimitives_or_AI_libraries_is_not_analysed()
        => CreateProjectBuilder()
            .WithoutReference("System.Numerics.Tensors")
            .WithoutReference("OpenAI")
            .WithoutReference("Microsoft.Extensions.AI.Abstractions")
            .WithoutReference("Microsoft.ML.OnnxRuntime")
            .WithSourceCode("""
                public static class Geometry
                {
                    public static float Dot(float[] a, float[] b)
                    {
                        float dot = 0;
                        for (int i = 0; i < a.Length; i++) dot += a[i] * b[i];
                        return dot;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Top_level_statements_are_rewritten_in_place()
        => CreateProjectBuilder()
            .WithOutputKind(OutputKind.ConsoleApplication)
            .WithSourceCode("""
                float[] a = [1, 2, 3];
                float[] b = [4, 5, 6];
                float dot = 0;
                [|for (int i = 0; i < a.Length; i++)|]
                    dot += a[i] * b[i];
                System.Console.WriteLine(dot);
                """)
            .ShouldFixCodeWith("""
                using System.Numerics.Tensors;

                float[] a = [1, 2, 3];
                float[] b = [4, 5, 6];
                float dot = 0;
                dot += TensorPrimitives.Dot(a, b);
                System.Console.WriteLine(dot);
                """)
            .ValidateAsync();

    [Fact]
    public Task No_using_is_added_where_it_would_make_Tensor_ambiguous()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime.Tensors;

                public static class TensorHelper
                {
                    public static DenseTensor<float> Divide(float[] data, float value, int[] dimensions)
                    {
                        [|for (int i = 0; i < data.Length; i++)|]
                        {
                            data[i] = data[i] / value;
                        }

                        Tensor<float> tensor = new DenseTensor<float>(data, dimensions);
                        return (DenseTensor<float>)tensor;
                    }
                }
                """)
            .ShouldFixCodeWith("""
                using Microsoft.ML.OnnxRuntime.Tensors;

                public static class TensorHelper
                {
                    public static DenseTensor<float> Divide(float[] data, float value, int[] dimensions)
                    {
                        System.Numerics.Tensors.TensorPrimitives.Divide(data, value, data);

                        Tensor<float> tensor = new DenseTensor<float>(data, dimensions);
                        return (DenseTensor<float>)tensor;
                    }
                }
                """)
            .ValidateAsync();
}
