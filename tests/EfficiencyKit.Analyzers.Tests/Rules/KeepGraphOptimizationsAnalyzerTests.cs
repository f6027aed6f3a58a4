using System.Threading.Tasks;
using EfficiencyKit.Analyzers.Rules;
using EfficiencyKit.Analyzers.Tests.Verification;
using EfficiencyKit.CodeFixes.Rules;
using Microsoft.CodeAnalysis;

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
}
