using System.Threading.Tasks;
using EfficiencyKit.Analyzers.Rules;
using EfficiencyKit.Analyzers.Tests.Verification;
using EfficiencyKit.CodeFixes.Rules;
using Microsoft.CodeAnalysis;

namespace EfficiencyKit.Analyzers.Tests.Rules;

public sealed class UseQuantizedModelAnalyzerTests
{
    private static readonly string s_manifest = TestManifest.Create(
        new ManifestEntry("models/intent.onnx", QuantizedOutput: "models/intent.int8.onnx", Millijoules: 3.54),
        new ManifestEntry("models/ranker.onnx"),
        new ManifestEntry("models/legacy.onnx") { Siblings = ["models/legacy.quant.onnx"] },
        new ManifestEntry("models/already.onnx", Fp32: false, QuantizedOutput: "models/already.int8.onnx"));

    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder()
        .WithAnalyzer<UseQuantizedModelAnalyzer>()
        .WithCodeFixProvider<UseQuantizedModelFixer>()
        .WithAdditionalFile(TestManifest.Path, s_manifest);

    [Fact]
    public Task Literal_path_to_a_model_the_build_quantizes_switches_to_the_copy()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public sealed class IntentClassifier
                {
                    private readonly InferenceSession _session = new InferenceSession([|"models/intent.onnx"|]);
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'models/intent.onnx' is an fp32 model and the build provides its quantized copy 'models/intent.int8.onnx'; load the quantized copy (3.54 mJ per inference modelled for the fp32 model)")
            .ShouldFixCodeWith("""
                using Microsoft.ML.OnnxRuntime;

                public sealed class IntentClassifier
                {
                    private readonly InferenceSession _session = new InferenceSession("models/intent.int8.onnx");
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Path_Combine_with_the_app_folder_and_options_argument()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.IO;
                using Microsoft.ML.OnnxRuntime;

                public static class Models
                {
                    public static InferenceSession Open(SessionOptions options)
                        => new InferenceSession([|Path.Combine(AppContext.BaseDirectory, "models", "intent.onnx")|], options);
                }
                """)
            .ShouldFixCodeWith("""
                using System;
                using System.IO;
                using Microsoft.ML.OnnxRuntime;

                public static class Models
                {
                    public static InferenceSession Open(SessionOptions options)
                        => new InferenceSession(Path.Combine(AppContext.BaseDirectory, "models", "intent.int8.onnx"), options);
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Interpolated_app_folder_path()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using Microsoft.ML.OnnxRuntime;

                public static class Models
                {
                    public static InferenceSession Open() => new InferenceSession([|$"{AppContext.BaseDirectory}models/intent.onnx"|]);
                }
                """)
            .ShouldFixCodeWith("""
                using System;
                using Microsoft.ML.OnnxRuntime;

                public static class Models
                {
                    public static InferenceSession Open() => new InferenceSession($"{AppContext.BaseDirectory}models/intent.int8.onnx");
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Verbatim_windows_path_keeps_its_separators()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Models
                {
                    public static InferenceSession Open() => new InferenceSession([|@"models\intent.onnx"|]);
                }
                """)
            .ShouldFixCodeWith("""
                using Microsoft.ML.OnnxRuntime;

                public static class Models
                {
                    public static InferenceSession Open() => new InferenceSession(@"models\intent.int8.onnx");
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Quantized_copy_found_beside_the_model()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using Microsoft.ML.OnnxRuntime;

                public static class Models
                {
                    public static InferenceSession Open() => new InferenceSession([|AppDomain.CurrentDomain.BaseDirectory + "models/legacy.onnx"|]);
                }
                """)
            .ShouldFixCodeWith("""
                using System;
                using Microsoft.ML.OnnxRuntime;

                public static class Models
                {
                    public static InferenceSession Open() => new InferenceSession(AppDomain.CurrentDomain.BaseDirectory + "models/legacy.quant.onnx");
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Path_in_a_constant_elsewhere_is_reported_without_a_fix()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Models
                {
                    private const string IntentModel = "models/intent.onnx";

                    public static InferenceSession Open() => new InferenceSession([|IntentModel|]);
                }
                """)
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Loading_the_quantized_copy_is_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Models
                {
                    public static InferenceSession Open() => new InferenceSession("models/intent.int8.onnx");
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Model_without_a_quantized_copy_is_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Models
                {
                    public static InferenceSession Open() => new InferenceSession("models/ranker.onnx");
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Model_that_is_already_integer_is_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Models
                {
                    public static InferenceSession Open() => new InferenceSession("models/already.onnx");
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Path_computed_at_run_time_is_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using Microsoft.ML.OnnxRuntime;

                public static class Models
                {
                    public static InferenceSession Open() => new InferenceSession(Environment.GetEnvironmentVariable("MODEL") ?? "models/intent.onnx");
                    public static InferenceSession FromBytes(byte[] model) => new InferenceSession(model);
                    public static InferenceSession Absolute() => new InferenceSession("/opt/models/intent.onnx");
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Without_a_manifest_nothing_is_reported()
        => new ProjectBuilder()
            .WithAnalyzer<UseQuantizedModelAnalyzer>()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Models
                {
                    public static InferenceSession Open() => new InferenceSession("models/intent.onnx");
                }
                """)
            .ValidateAsync();

    [Theory]
    [InlineData("")]
    [InlineData("{ \"models\": [ { \"output_path\": ")]
    [InlineData("{ \"models\": 42 }")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")]
    public Task Malformed_manifest_is_ignored_without_crashing(string manifest)
        => new ProjectBuilder()
            .WithAnalyzer<UseQuantizedModelAnalyzer>()
            .WithAdditionalFile(TestManifest.Path, manifest)
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Models
                {
                    public static InferenceSession Open() => new InferenceSession("models/intent.onnx");
                }
                """)
            .ValidateAsync();
}
