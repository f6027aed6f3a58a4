namespace EfficiencyKit.Analyzers.Tests.Rules;

public sealed class UseQuantizedModelAnalyzerTests
{
    private static readonly string s_manifest = TestManifest.Create(
        new ManifestEntry("models/intent.onnx", QuantizedOutput: "models/intent.int8.onnx", Millijoules: 3.54),
        new ManifestEntry("models/ranker.onnx"),
        new ManifestEntry("models/legacy.onnx") { Siblings = ["models/legacy.quant.onnx"] },
        new ManifestEntry("models/already.onnx", Fp32: false, QuantizedOutput: "models/already.int8.onnx"),
        new ManifestEntry("models/encoder.onnx", QuantizedOutput: "models/encoder.int4.onnx", Millijoules: 4.2) { Quantize = "int4" },
        new ManifestEntry("models/both.onnx", QuantizedOutput: "models/both.int4.onnx", Megabytes: 201) { Quantize = "int4", Siblings = ["models/both.int8.onnx"] },
        new ManifestEntry("models/small.onnx", QuantizedOutput: "models/small.int4.onnx", Megabytes: 2.7) { Quantize = "int4", Siblings = ["models/small.int8.onnx"] },
        new ManifestEntry("models/batched.onnx", QuantizedOutput: "models/batched.int8.onnx") { BatchSize = 64, Siblings = ["models/batched.int4.onnx"] },
        new ManifestEntry("models/halves.onnx") { Siblings = ["models/halves.fp16.onnx", "models/halves.int8.onnx"] },
        new ManifestEntry("models/hub.onnx") { Siblings = ["models/hub_q4.onnx"] });

    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder()
        .WithAnalyzer<UseQuantizedModelAnalyzer>()
        .WithCodeFixProvider<UseQuantizedModelFixer>()
        .WithModelsManifest(s_manifest);

    // The program most cases check: one method that opens a session on a model path literal, marked where the
    // diagnostic is expected (Reported) or not (Loads, also the fixed program).
    private static string Reported(string path) => OpenSession($"[|\"{path}\"|]");

    private static string Loads(string path) => OpenSession($"\"{path}\"");

    private static string OpenSession(string argument) => $$"""
        using Microsoft.ML.OnnxRuntime;

        public static class Models
        {
            public static InferenceSession Open() => new InferenceSession({{argument}});
        }
        """;

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
    public Task A_v1_manifest_with_snake_case_names_is_still_read()
        => new ProjectBuilder()
            .WithAnalyzer<UseQuantizedModelAnalyzer>()
            .WithModelsManifest(TestManifest.CreateV1(
                new ManifestEntry("models/intent.onnx", QuantizedOutput: "models/intent.int8.onnx", Millijoules: 3.54),
                new ManifestEntry("models/legacy.onnx") { Siblings = ["models/legacy.quant.onnx"] }))
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public sealed class IntentClassifier
                {
                    private readonly InferenceSession _session = new InferenceSession([|"models/intent.onnx"|]);
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'models/intent.onnx' is an fp32 model and the build provides its quantized copy 'models/intent.int8.onnx'; load the quantized copy (3.54 mJ per inference modelled for the fp32 model)")
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

    [Theory]
    [InlineData("models/intent.int8.onnx")] // the quantized copy itself
    [InlineData("models/ranker.onnx")] // a model without a quantized copy
    [InlineData("models/already.onnx")] // a model that is already integer
    public Task Loading_a_model_without_an_fp32_to_integer_switch_is_not_reported(string model)
        => CreateProjectBuilder()
            .WithSourceCode(Loads(model))
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
            .WithSourceCode(Loads("models/intent.onnx"))
            .ValidateAsync();

    // ---- int4 copies --------------------------------------------------------------------------------

    [Theory]
    // An int4 copy the build writes is recommended, with its reason.
    [InlineData("models/encoder.onnx", "'models/encoder.onnx' is an fp32 model and the build provides its quantized copy 'models/encoder.int4.onnx'; load the quantized copy (4.2 mJ per inference modelled for the fp32 model); int4: 4-bit MatMul weights (MatMulNBits), about a sixth of fp32's weight bytes and half of int8's", "models/encoder.int4.onnx")]
    // Int4 and int8 for single items: int4 is recommended, int8 named as the accuracy-safer choice.
    [InlineData("models/both.onnx", "its quantized copy 'models/both.int4.onnx'; load the quantized copy (2.5 mJ per inference modelled for the fp32 model); int4 is recommended for single-item inference on a model too large for the CPU's cache: 4-bit MatMul weights (MatMulNBits), about a sixth of fp32's weight bytes and half of int8's, the least memory traffic per inference; 'models/both.int8.onnx' (int8) is the accuracy-safer choice", "models/both.int4.onnx")]
    // Int4 and int8 for a small model: int8 is recommended even for single items.
    [InlineData("models/small.onnx", "its quantized copy 'models/small.int8.onnx'; load the quantized copy (2.5 mJ per inference modelled for the fp32 model); int8 is recommended: at 2.7 MB the fp32 weights fit in a server CPU's cache, so inference is compute-bound and int8's integer kernels win; 'models/small.int4.onnx' (int4) pays off for single-item inference on models too large for the cache", "models/small.int8.onnx")]
    // Int8 is preferred over an fp16 sibling listed first.
    [InlineData("models/halves.onnx", "its quantized copy 'models/halves.int8.onnx'", "models/halves.int8.onnx")]
    // A hub-style _q4 sibling is int4.
    [InlineData("models/hub.onnx", "'models/hub_q4.onnx'; load the quantized copy (2.5 mJ per inference modelled for the fp32 model); int4: ", "models/hub_q4.onnx")]
    public Task Model_path_literal_is_reported_and_switched_to_the_recommended_copy(string model, string message, string copy)
        => CreateProjectBuilder()
            .WithSourceCode(Reported(model))
            .ShouldReport(DiagnosticSeverity.Warning, message)
            .ShouldFixCodeWith(Loads(copy))
            .ValidateAsync();

    [Fact]
    public Task Int8_only_says_why()
        => CreateProjectBuilder()
            .WithSourceCode(Reported("models/intent.onnx"))
            .ShouldReport(DiagnosticSeverity.Warning, "; int8: a quarter of the weight bytes, MatMuls in integer arithmetic")
            .ValidateAsync();

    [Fact]
    public Task Int4_and_int8_second_action_loads_int8()
        => CreateProjectBuilder()
            .WithSourceCode(Reported("models/both.onnx"))
            .WithCodeAction(UseQuantizedModelFixer.AlternativeEquivalenceKey, 1)
            .ShouldFixCodeWith(Loads("models/both.int8.onnx"))
            .ValidateAsync();

    [Fact]
    public Task Int4_and_int8_at_batch_64_recommends_int8_and_offers_int4()
        => CreateProjectBuilder()
            .WithSourceCode(Reported("models/batched.onnx"))
            .ShouldReport(DiagnosticSeverity.Warning, "its quantized copy 'models/batched.int8.onnx'; load the quantized copy (2.5 mJ per inference modelled for the fp32 model); int8 is recommended at batch 64, where MatMuls are compute-bound and run as integer kernels; 'models/batched.int4.onnx' (int4) moves fewer weight bytes and suits single-item inference on large models")
            .WithCodeAction(UseQuantizedModelFixer.AlternativeEquivalenceKey, 1)
            .ShouldFixCodeWith(Loads("models/batched.int4.onnx"))
            .ValidateAsync();

    [Fact]
    public Task Loading_either_integer_copy_is_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Models
                {
                    public static InferenceSession Four() => new InferenceSession("models/both.int4.onnx");
                    public static InferenceSession Eight() => new InferenceSession("models/both.int8.onnx");
                }
                """)
            .ValidateAsync();

    [Theory]
    [InlineData("")]
    [InlineData("{ \"models\": [ { \"outputPath\": ")]
    [InlineData("{ \"models\": 42 }")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")]
    public Task Malformed_manifest_is_ignored_without_crashing(string manifest)
        => new ProjectBuilder()
            .WithAnalyzer<UseQuantizedModelAnalyzer>()
            .WithModelsManifest(manifest)
            .WithSourceCode(Loads("models/intent.onnx"))
            .ValidateAsync();

    [Fact]
    public Task Evidence_entries_that_do_not_decode_are_skipped_and_the_others_still_apply()
        => new ProjectBuilder()
            .WithAnalyzer<UseQuantizedModelAnalyzer>()
            .WithGlobalConfig(AnalyzerEvidence.ForModelsManifest(TestManifest.Create(new ManifestEntry("models/intent.onnx", QuantizedOutput: "models/intent.int8.onnx", Millijoules: 3.54)))
                .Replace("is_global = true\n", string.Empty, System.StringComparison.Ordinal)
                .Replace("efficiencykit.models = 1\nefficiencykit.model.1 =", "efficiencykit.models = 2147483648\nefficiencykit.model.1 = too|few\nefficiencykit.model.2 = models%2Fx.onnx|true|not-a-number|false|p|1|2\nefficiencykit.model.3 =", System.StringComparison.Ordinal))
            .WithSourceCode(Reported("models/intent.onnx"))
            .ShouldReport(DiagnosticSeverity.Warning, "'models/intent.onnx' is an fp32 model and the build provides its quantized copy 'models/intent.int8.onnx'")
            .ValidateAsync();

    [Fact]
    public Task Paths_with_spaces_separators_and_non_ascii_characters_reach_the_analyzer_intact()
        => new ProjectBuilder()
            .WithAnalyzer<UseQuantizedModelAnalyzer>()
            .WithModelsManifest(TestManifest.Create(new ManifestEntry("models/intent; v2 #1=|ü.onnx", QuantizedOutput: "models/intent; v2 #1=|ü.int8.onnx", Millijoules: 3.54)))
            .WithSourceCode(Reported("models/intent; v2 #1=|ü.onnx"))
            .ShouldReport(DiagnosticSeverity.Warning, "'models/intent; v2 #1=|ü.onnx' is an fp32 model and the build provides its quantized copy 'models/intent; v2 #1=|ü.int8.onnx'")
            .ValidateAsync();
}
