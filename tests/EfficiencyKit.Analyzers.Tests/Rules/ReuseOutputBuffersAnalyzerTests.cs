namespace EfficiencyKit.Analyzers.Tests.Rules;

public sealed class ReuseOutputBuffersAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder().WithAnalyzer<ReuseOutputBuffersAnalyzer>();

    [Fact]
    public Task Run_allocating_outputs_in_a_loop_with_a_constant_shape()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using Microsoft.ML.OnnxRuntime;

                public static class Scorer
                {
                    public static void Score(InferenceSession session, RunOptions options, IEnumerable<float[]> frames)
                    {
                        foreach (var frame in frames)
                        {
                            using var input = OrtValue.CreateTensorValueFromMemory(frame, new long[] { 8, 256 });
                            using var outputs = [|session.Run(options, new[] { "x" }, new[] { input }, new[] { "y" })|];
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'Run' allocates its outputs on every iteration of a 'foreach' loop although the input shape (new long[] { 8, 256 }) stays the same; create the output OrtValues once before the loop and call the Run overload that takes them, or bind inputs and outputs once with OrtIoBinding")
            .ValidateAsync();

    [Fact]
    public Task Shape_local_before_the_loop_and_NamedOnnxValue_api()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;
                using Microsoft.ML.OnnxRuntime.Tensors;

                public static class Scorer
                {
                    public static void Score(InferenceSession session, float[][] rows, int width)
                    {
                        var dimensions = new[] { 16, width };
                        for (var i = 0; i < rows.Length; i++)
                        {
                            var tensor = new DenseTensor<float>(rows[i], dimensions);
                            using var results = [|session.Run(new[] { NamedOnnxValue.CreateFromTensor("x", tensor) })|];
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "every iteration of a 'for' loop although the input shape (dimensions)")
            .ValidateAsync();

    [Fact]
    public Task Collection_expression_shape_declared_in_a_while_loop()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Concurrent;
                using Microsoft.ML.OnnxRuntime;

                public static class Worker
                {
                    private const int Width = 384;

                    public static void Drain(InferenceSession session, BlockingCollection<float[]> queue)
                    {
                        while (queue.TryTake(out var item))
                        {
                            long[] shape = [32, Width];
                            using var input = OrtValue.CreateTensorValueFromMemory(item, shape);
                            using var outputs = [|session.Run(new RunOptions(), ["x"], [input], ["y"])|];
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'while' loop although the input shape (shape)")
            .ValidateAsync();

    [Fact]
    public Task Native_allocation_per_iteration()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;
                using Microsoft.ML.OnnxRuntime.Tensors;

                public static class Scorer
                {
                    private static readonly long[] s_shape = { 4, 128 };

                    public static void Score(InferenceSession session, int count)
                    {
                        for (var i = 0; i < count; i++)
                        {
                            using var input = [|OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, s_shape)|];
                            session.Run(new RunOptions(), new[] { "x" }, new[] { input }, new[] { "y" }, new[] { input });
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'CreateAllocatedTensorValue' allocates native tensor memory on every iteration of a 'for' loop although the input shape (s_shape) stays the same; allocate the OrtValue once before the loop")
            .ValidateAsync();

    [Fact]
    public Task Shapes_that_change_per_iteration_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using Microsoft.ML.OnnxRuntime;

                public static class Scorer
                {
                    public static void Score(InferenceSession session, List<float[]> batches)
                    {
                        var shape = new long[] { 0, 256 };
                        foreach (var batch in batches)
                        {
                            using var a = OrtValue.CreateTensorValueFromMemory(batch, new long[] { batch.Length / 256, 256 });
                            using var outputs = session.Run(new RunOptions(), new[] { "x" }, new[] { a }, new[] { "y" });
                            shape[0] = batch.Length / 256;
                            using var b = OrtValue.CreateTensorValueFromMemory(batch, shape);
                            using var more = session.Run(new RunOptions(), new[] { "x" }, new[] { b }, new[] { "y" });
                        }
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Reused_outputs_binding_single_runs_and_lambdas_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Linq;
                using Microsoft.ML.OnnxRuntime;

                public static class Scorer
                {
                    public static void Reused(InferenceSession session, RunOptions options, List<float[]> frames, OrtValue output)
                    {
                        foreach (var frame in frames)
                        {
                            using var input = OrtValue.CreateTensorValueFromMemory(frame, new long[] { 8, 256 });
                            session.Run(options, new[] { "x" }, new[] { input }, new[] { "y" }, new[] { output });
                        }
                    }

                    public static void Bound(InferenceSession session, RunOptions options, OrtIoBinding binding, int count)
                    {
                        for (var i = 0; i < count; i++)
                        {
                            using var input = OrtValue.CreateTensorValueFromMemory(new float[256], new long[] { 1, 256 });
                            session.RunWithBinding(options, binding);
                        }
                    }

                    public static int Once(InferenceSession session, float[] frame)
                    {
                        using var input = OrtValue.CreateTensorValueFromMemory(frame, new long[] { 8, 256 });
                        using var outputs = session.Run(new RunOptions(), new[] { "x" }, new[] { input }, new[] { "y" });
                        return outputs.Count;
                    }

                    public static List<int> Deferred(InferenceSession session, List<float[]> frames)
                    {
                        var runs = new List<System.Func<int>>();
                        foreach (var frame in frames)
                        {
                            runs.Add(() =>
                            {
                                using var input = OrtValue.CreateTensorValueFromMemory(frame, new long[] { 8, 256 });
                                using var outputs = session.Run(new RunOptions(), new[] { "x" }, new[] { input }, new[] { "y" });
                                return outputs.Count;
                            });
                        }

                        return runs.Select(r => r()).ToList();
                    }
                }
                """)
            .ValidateAsync();
}
