namespace EfficiencyKit.Analyzers.Tests.Rules;

public sealed class AvoidThreadOversubscriptionAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder()
        .WithAnalyzer<AvoidThreadOversubscriptionAnalyzer>()
        .WithCodeFixProvider<AvoidThreadOversubscriptionFixer>();

    [Fact]
    public Task Multiple_of_the_processor_count_in_an_initializer()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using Microsoft.ML.OnnxRuntime;

                public static class Sessions
                {
                    public static SessionOptions Options() => new SessionOptions { IntraOpNumThreads = [|Environment.ProcessorCount * 2|] };
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'IntraOpNumThreads' is set to Environment.ProcessorCount * 2, 2 threads per logical CPU; ONNX Runtime's threads then take turns on the same cores")
            .ShouldFixCodeWith("""
                using System;
                using Microsoft.ML.OnnxRuntime;

                public static class Sessions
                {
                    public static SessionOptions Options() => new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Constant_first_plus_and_shift_in_assignments()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Sessions
                {
                    public static void Configure(SessionOptions options)
                    {
                        options.IntraOpNumThreads = [|4 * System.Environment.ProcessorCount|];
                        options.InterOpNumThreads = [|System.Environment.ProcessorCount + 2|];
                        options.IntraOpNumThreads = [|System.Environment.ProcessorCount << 1|];
                    }
                }
                """)
            .ShouldFixCodeWith("""
                using Microsoft.ML.OnnxRuntime;

                public static class Sessions
                {
                    public static void Configure(SessionOptions options)
                    {
                        options.IntraOpNumThreads = System.Environment.ProcessorCount;
                        options.InterOpNumThreads = System.Environment.ProcessorCount;
                        options.IntraOpNumThreads = System.Environment.ProcessorCount;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Global_thread_pool_counts()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using Microsoft.ML.OnnxRuntime;

                public static class Pools
                {
                    public static OrtThreadingOptions Create() => new OrtThreadingOptions { GlobalIntraOpNumThreads = [|Environment.ProcessorCount * 8|] };
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "8 threads per logical CPU")
            .ShouldFixCodeWith("""
                using System;
                using Microsoft.ML.OnnxRuntime;

                public static class Pools
                {
                    public static OrtThreadingOptions Create() => new OrtThreadingOptions { GlobalIntraOpNumThreads = Environment.ProcessorCount };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Constant_above_64_is_reported_without_a_fix()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Sessions
                {
                    public static SessionOptions Options() => new SessionOptions { IntraOpNumThreads = [|128|] };
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'IntraOpNumThreads' is set to 128, more than 64 threads, above the logical CPUs of nearly every machine it will run on")
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Bound_is_configurable()
        => CreateProjectBuilder()
            .WithEditorConfig("EK1207.max_threads = 16")
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Sessions
                {
                    public static SessionOptions Big() => new SessionOptions { IntraOpNumThreads = [|32|] };
                    public static SessionOptions Fine() => new SessionOptions { IntraOpNumThreads = 16 };
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "more than 16 threads")
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Sane_counts_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using Microsoft.ML.OnnxRuntime;

                public sealed class Sessions
                {
                    private readonly int _threads = 4;

                    public SessionOptions Options(int configured) => new SessionOptions
                    {
                        IntraOpNumThreads = Environment.ProcessorCount,
                        InterOpNumThreads = 1,
                    };

                    public void Configure(SessionOptions options, int configured)
                    {
                        options.IntraOpNumThreads = Environment.ProcessorCount / 2;
                        options.IntraOpNumThreads = Environment.ProcessorCount - 1;
                        options.IntraOpNumThreads = Environment.ProcessorCount * 1;
                        options.IntraOpNumThreads = Math.Max(1, Environment.ProcessorCount / 2);
                        options.IntraOpNumThreads = configured * 2;
                        options.IntraOpNumThreads = _threads;
                        options.IntraOpNumThreads = 64;
                        options.IntraOpNumThreads = 0;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Same_property_names_on_other_types_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using Microsoft.ML.OnnxRuntime;

                public sealed class MyOptions
                {
                    public int IntraOpNumThreads { get; set; }
                }

                public static class Sessions
                {
                    public static MyOptions Mine() => new() { IntraOpNumThreads = Environment.ProcessorCount * 4 };
                    public static SessionOptions Theirs() => new();
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Without_onnx_runtime_nothing_runs()
        => new ProjectBuilder()
            .WithAnalyzer<AvoidThreadOversubscriptionAnalyzer>()
            .WithoutReference("Microsoft.ML.OnnxRuntime")
            .WithSourceCode("""
                public sealed class SessionOptions
                {
                    public int IntraOpNumThreads { get; set; }
                }

                public static class Sessions
                {
                    public static SessionOptions Mine() => new() { IntraOpNumThreads = System.Environment.ProcessorCount * 4 };
                }
                """)
            .ValidateAsync();
}
