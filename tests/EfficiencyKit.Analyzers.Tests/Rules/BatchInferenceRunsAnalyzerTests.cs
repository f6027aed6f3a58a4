namespace EfficiencyKit.Analyzers.Tests.Rules;

public sealed class BatchInferenceRunsAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder().WithAnalyzer<BatchInferenceRunsAnalyzer>();

    // ---- one item per Run: warning -----------------------------------------------------------------

    [Fact]
    public Task DenseTensor_of_one_row_per_foreach_iteration()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using Microsoft.ML.OnnxRuntime;
                using Microsoft.ML.OnnxRuntime.Tensors;

                public sealed class Classifier(InferenceSession session)
                {
                    public List<float> Score(IEnumerable<float[]> rows)
                    {
                        var scores = new List<float>();
                        foreach (var row in rows)
                        {
                            var tensor = new DenseTensor<float>(row, new[] { 1, row.Length });
                            using var results = [|session.Run(new[] { NamedOnnxValue.CreateFromTensor("x", tensor) })|];
                            scores.Add(0);
                        }

                        return scores;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'Run' runs per iteration of a 'foreach' loop on a batch of one (new[] { 1, row.Length }); stack the items into one tensor with a batch dimension and call 'Run' once per batch")
            .ValidateAsync();

    [Fact]
    public Task OrtValue_with_a_long_shape_in_a_for_loop()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Embedder
                {
                    public static void Embed(InferenceSession session, RunOptions options, float[][] inputs)
                    {
                        for (var i = 0; i < inputs.Length; i++)
                        {
                            using var value = OrtValue.CreateTensorValueFromMemory(inputs[i], new long[] { 1, inputs[i].Length });
                            using var outputs = [|session.Run(options, new[] { "x" }, new[] { value }, new[] { "y" })|];
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "runs per iteration of a 'for' loop")
            .ValidateAsync();

    [Fact]
    public Task Shape_array_built_once_before_the_loop()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using Microsoft.ML.OnnxRuntime;

                public static class Embedder
                {
                    public static void Embed(InferenceSession session, List<float[]> inputs)
                    {
                        var shape = new long[] { 1, 384 };
                        foreach (var input in inputs)
                        {
                            using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
                            using var outputs = [|session.Run(new RunOptions(), new[] { "x" }, new[] { value }, new[] { "y" })|];
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "on a batch of one (shape)")
            .ValidateAsync();

    [Fact]
    public Task Shape_in_a_static_field()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Embedder
                {
                    private static readonly long[] s_oneRow = { 1, 384 };

                    public static void Embed(InferenceSession session, float[][] inputs)
                    {
                        foreach (var input in inputs)
                        {
                            using var value = OrtValue.CreateTensorValueFromMemory(input, s_oneRow);
                            using var outputs = [|session.Run(new RunOptions(), new[] { "x" }, new[] { value }, new[] { "y" })|];
                        }
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Collection_expression_shape_in_a_Select_lambda()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Linq;
                using Microsoft.ML.OnnxRuntime;
                using Microsoft.ML.OnnxRuntime.Tensors;

                public static class Scorer
                {
                    public static List<int> Count(InferenceSession session, IEnumerable<float[]> rows)
                        => rows.Select(row =>
                        {
                            var tensor = new DenseTensor<float>(row, [1, row.Length]);
                            using var results = [|session.Run([NamedOnnxValue.CreateFromTensor("x", tensor)])|];
                            return results.Count;
                        }).ToList();
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "per item of the lambda passed to 'Select'")
            .ValidateAsync();

    [Fact]
    public Task While_loop_with_a_reader()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.IO;
                using Microsoft.ML.OnnxRuntime;
                using Microsoft.ML.OnnxRuntime.Tensors;

                public static class Stream
                {
                    public static void Score(InferenceSession session, TextReader reader)
                    {
                        string? line;
                        while ((line = reader.ReadLine()) != null)
                        {
                            var tensor = new DenseTensor<float>(new float[8], new[] { 1, 8 });
                            using var results = [|session.Run(new[] { NamedOnnxValue.CreateFromTensor("x", tensor) })|];
                        }
                    }
                }
                """)
            .ValidateAsync();

    // ---- not waste: silent -------------------------------------------------------------------------

    [Fact]
    public Task Loop_over_ready_made_batches_is_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using Microsoft.ML.OnnxRuntime;
                using Microsoft.ML.OnnxRuntime.Tensors;

                public static class Scorer
                {
                    public static void Score(InferenceSession session, IEnumerable<float[]> batches, int width)
                    {
                        foreach (var batch in batches)
                        {
                            var tensor = new DenseTensor<float>(batch, new[] { batch.Length / width, width });
                            using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("x", tensor) });
                        }
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task One_run_per_request_is_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;
                using Microsoft.ML.OnnxRuntime.Tensors;

                public sealed class Classifier(InferenceSession session)
                {
                    public int Classify(float[] features)
                    {
                        var tensor = new DenseTensor<float>(features, new[] { 1, features.Length });
                        using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("x", tensor) });
                        return results.Count;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Loop_that_only_builds_inputs_then_runs_once_is_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using Microsoft.ML.OnnxRuntime;
                using Microsoft.ML.OnnxRuntime.Tensors;

                public static class Scorer
                {
                    public static int Score(InferenceSession session, List<float[]> rows)
                    {
                        var buffer = new float[rows.Count * 8];
                        for (var i = 0; i < rows.Count; i++)
                        {
                            rows[i].CopyTo(buffer, i * 8);
                        }

                        var tensor = new DenseTensor<float>(buffer, new[] { rows.Count, 8 });
                        using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("x", tensor) });
                        return results.Count;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Run_in_a_loop_without_a_visible_shape_is_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using Microsoft.ML.OnnxRuntime;

                public static class Scorer
                {
                    public static void Score(InferenceSession session, IEnumerable<IReadOnlyCollection<NamedOnnxValue>> prepared)
                    {
                        foreach (var inputs in prepared)
                        {
                            using var results = session.Run(inputs);
                        }
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Without_onnx_runtime_nothing_runs()
        => new ProjectBuilder()
            .WithAnalyzer<BatchInferenceRunsAnalyzer>()
            .WithSourceCode("""
                public sealed class Session
                {
                    public int Run(int[] shape) => shape[0];
                }

                public static class Loop
                {
                    public static void Go(Session session)
                    {
                        for (var i = 0; i < 3; i++)
                        {
                            session.Run(new[] { 1, 2 });
                        }
                    }
                }
                """)
            .ValidateAsync();
}
