namespace EfficiencyKit.Analyzers.Tests.Rules;

public sealed class KeepGraphOptimizationsAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder()
        .WithAnalyzer<KeepGraphOptimizationsAnalyzer>()
        .WithCodeFixProvider<KeepGraphOptimizationsFixer>();

    [Fact]
    public Task Disabled_optimizations_in_an_initializer()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Sessions
                {
                    public static SessionOptions Options() => new SessionOptions { GraphOptimizationLevel = [|GraphOptimizationLevel.ORT_DISABLE_ALL|] };
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'ORT_DISABLE_ALL' turns off ONNX Runtime graph optimizations")
            .ShouldFixCodeWith("""
                using Microsoft.ML.OnnxRuntime;

                public static class Sessions
                {
                    public static SessionOptions Options() => new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Basic_level_in_an_assignment()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Sessions
                {
                    public static void Configure(SessionOptions options) => options.GraphOptimizationLevel = [|GraphOptimizationLevel.ORT_ENABLE_BASIC|];
                }
                """)
            .ShouldFixCodeWith("""
                using Microsoft.ML.OnnxRuntime;

                public static class Sessions
                {
                    public static void Configure(SessionOptions options) => options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Default_extended_all_and_run_time_levels_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Sessions
                {
                    public static SessionOptions Default() => new SessionOptions();
                    public static SessionOptions Extended() => new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED };
                    public static SessionOptions All() => new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
                    public static SessionOptions FromConfig(GraphOptimizationLevel level) => new SessionOptions { GraphOptimizationLevel = level };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Fully_qualified_level_keeps_its_qualification()
        => CreateProjectBuilder()
            .WithSourceCode("""
                public static class Sessions
                {
                    public static Microsoft.ML.OnnxRuntime.SessionOptions Options()
                        => new() { GraphOptimizationLevel = [|Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_DISABLE_ALL|] };
                }
                """)
            .ShouldFixCodeWith("""
                public static class Sessions
                {
                    public static Microsoft.ML.OnnxRuntime.SessionOptions Options()
                        => new() { GraphOptimizationLevel = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_ENABLE_ALL };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Using_static_level()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;
                using static Microsoft.ML.OnnxRuntime.GraphOptimizationLevel;

                public static class Sessions
                {
                    public static void Configure(SessionOptions options) => options.GraphOptimizationLevel = [|ORT_ENABLE_BASIC|];
                }
                """)
            .ShouldFixCodeWith("""
                using Microsoft.ML.OnnxRuntime;
                using static Microsoft.ML.OnnxRuntime.GraphOptimizationLevel;

                public static class Sessions
                {
                    public static void Configure(SessionOptions options) => options.GraphOptimizationLevel = ORT_ENABLE_ALL;
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Inside_a_lambda_and_a_local_function()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using Microsoft.ML.OnnxRuntime;

                public static class Sessions
                {
                    public static Func<SessionOptions> Factory = () => new SessionOptions { GraphOptimizationLevel = [|GraphOptimizationLevel.ORT_DISABLE_ALL|] };

                    public static SessionOptions Local()
                    {
                        return Make();

                        static SessionOptions Make() => new() { GraphOptimizationLevel = [|GraphOptimizationLevel.ORT_ENABLE_BASIC|] };
                    }
                }
                """)
            .ShouldFixCodeWith("""
                using System;
                using Microsoft.ML.OnnxRuntime;

                public static class Sessions
                {
                    public static Func<SessionOptions> Factory = () => new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };

                    public static SessionOptions Local()
                    {
                        return Make();

                        static SessionOptions Make() => new() { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Same_names_on_other_types_and_casts_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public enum MyLevel { ORT_DISABLE_ALL, ORT_ENABLE_ALL }

                public sealed class MyOptions
                {
                    public MyLevel GraphOptimizationLevel { get; set; }
                }

                public static class Sessions
                {
                    public static MyOptions Mine() => new() { GraphOptimizationLevel = MyLevel.ORT_DISABLE_ALL };
                    public static SessionOptions Cast() => new() { GraphOptimizationLevel = (GraphOptimizationLevel)99 };
                    public static bool IsOff(SessionOptions options) => options.GraphOptimizationLevel == GraphOptimizationLevel.ORT_DISABLE_ALL;
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Without_onnx_runtime_nothing_runs()
        => new ProjectBuilder()
            .WithAnalyzer<KeepGraphOptimizationsAnalyzer>()
            .WithSourceCode("""
                public static class Nothing
                {
                    public static int Value => 0;
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Suppressed_with_pragma_is_silent()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Sessions
                {
                #pragma warning disable EK1203 // comparing against the unoptimised graph while debugging issue 42
                    public static SessionOptions Debug() => new() { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
                #pragma warning restore EK1203
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Several_sites_are_fixed_together()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Sessions
                {
                    public static SessionOptions A() => new() { GraphOptimizationLevel = [|GraphOptimizationLevel.ORT_DISABLE_ALL|] };
                    public static SessionOptions B() => new() { GraphOptimizationLevel = [|GraphOptimizationLevel.ORT_ENABLE_BASIC|] };
                }
                """)
            .ShouldFixCodeWith("""
                using Microsoft.ML.OnnxRuntime;

                public static class Sessions
                {
                    public static SessionOptions A() => new() { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
                    public static SessionOptions B() => new() { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
                }
                """)
            .ValidateAsync();
}
