namespace EfficiencyKit.Analyzers.Tests.Rules;

/// <summary>EK1201 on a GPU execution provider: the fp16 copy is recommended over an integer one (ONNX Runtime 1.32's API).</summary>
public sealed class UseQuantizedModelGpuTests
{
    private static readonly string s_manifest = TestManifest.Create(
        new ManifestEntry("models/halves.onnx") { Siblings = ["models/halves.int8.onnx", "models/halves.fp16.onnx"] });

    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder()
        .WithAnalyzer<UseQuantizedModelAnalyzer>()
        .WithCodeFixProvider<UseQuantizedModelFixer>()
        .WithModelsManifest(s_manifest);

    [Fact]
    public Task Options_given_the_CUDA_provider_in_the_same_body_load_the_fp16_copy()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Models
                {
                    public static InferenceSession Open()
                    {
                        var options = new SessionOptions();
                        options.AppendExecutionProvider_CUDA(0);
                        return new InferenceSession([|"models/halves.onnx"|], options);
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "its quantized copy 'models/halves.fp16.onnx'; load the quantized copy (2.5 mJ per inference modelled for the fp32 model); fp16 is recommended on the CUDA execution provider")
            .ShouldFixCodeWith("""
                using Microsoft.ML.OnnxRuntime;

                public static class Models
                {
                    public static InferenceSession Open()
                    {
                        var options = new SessionOptions();
                        options.AppendExecutionProvider_CUDA(0);
                        return new InferenceSession("models/halves.fp16.onnx", options);
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Options_made_for_CUDA_inline_or_in_a_field_the_constructor_configures_load_the_fp16_copy()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public sealed class Models
                {
                    private readonly SessionOptions _gpu = new SessionOptions();

                    public Models() => _gpu.AppendExecutionProvider_Tensorrt(0);

                    public InferenceSession OpenInline() => new InferenceSession([|"models/halves.onnx"|], SessionOptions.MakeSessionOptionWithCudaProvider(0));

                    public InferenceSession OpenShared() => new InferenceSession([|"models/halves.onnx"|], _gpu);
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'models/halves.fp16.onnx'")
            .ValidateAsync();

    [Fact]
    public Task Options_without_a_GPU_provider_keep_the_integer_copy()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Models
                {
                    public static InferenceSession Open()
                    {
                        var options = new SessionOptions { IntraOpNumThreads = 2 };
                        options.AppendExecutionProvider_CPU(1);
                        return new InferenceSession([|"models/halves.onnx"|], options);
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "its quantized copy 'models/halves.int8.onnx'")
            .ValidateAsync();
}
