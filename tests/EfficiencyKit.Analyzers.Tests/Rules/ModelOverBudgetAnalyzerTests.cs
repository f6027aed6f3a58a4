namespace EfficiencyKit.Analyzers.Tests.Rules;

public sealed class ModelOverBudgetAnalyzerTests
{
    private const string Source = """
        using Microsoft.ML.OnnxRuntime;

        public static class Models
        {
            public static InferenceSession Open() => [|new InferenceSession("models/ranker.onnx")|];
        }
        """;

    private static readonly string s_manifest = TestManifest.Create(
        new ManifestEntry("models/ranker.onnx", Millijoules: 7.91, Megabytes: 2.1),
        new ManifestEntry("models/tiny.onnx", Millijoules: 0.2, Megabytes: 0.1),
        new ManifestEntry("models/custom.onnx", Millijoules: 6, LowerBound: true));

    private static ProjectBuilder CreateProjectBuilder(string globalConfig) => new ProjectBuilder()
        .WithAnalyzer<ModelOverBudgetAnalyzer>()
        .WithModelsManifest(s_manifest)
        .WithGlobalConfig(globalConfig);

    [Fact]
    public Task Model_over_the_energy_budget_is_reported_where_it_is_loaded()
        => CreateProjectBuilder("build_property.EfficiencyKitMaxMillijoulesPerInference = 5")
            .WithSourceCode(Source)
            .ShouldReport(DiagnosticSeverity.Warning, "'models/ranker.onnx' costs 7.91 mJ per inference (modelled on hardware profile 'cloud-vm-2vcpu', batch 1), over the project's budget of 5 mJ (EfficiencyKitMaxMillijoulesPerInference)")
            .ValidateAsync();

    [Theory]
    [InlineData("build_property.EfficiencyKitMaxModelSizeMB = 1.5", "'models/ranker.onnx' is 2.1 MB, over the project's budget of 1.5 MB (EfficiencyKitMaxModelSizeMB)")]
    [InlineData("build_property.EfficiencyKitMaxMillijoulesPerInference = 5", "costs at least 7.91 mJ per inference (modelled on hardware profile 'cloud-vm-2vcpu', batch 4)")]
    public Task A_v1_manifest_with_snake_case_names_is_still_read(string globalConfig, string message)
        => new ProjectBuilder()
            .WithAnalyzer<ModelOverBudgetAnalyzer>()
            .WithModelsManifest(TestManifest.CreateV1(new ManifestEntry("models/ranker.onnx", Millijoules: 7.91, Megabytes: 2.1, LowerBound: true) { BatchSize = 4 }))
            .WithGlobalConfig(globalConfig)
            .WithSourceCode(Source)
            .ShouldReport(DiagnosticSeverity.Warning, message)
            .ValidateAsync();

    [Fact]
    public Task Treat_budget_as_error_makes_it_an_error()
        => CreateProjectBuilder("build_property.EfficiencyKitMaxMillijoulesPerInference = 5\nbuild_property.EfficiencyKitTreatBudgetAsError = true")
            .WithSourceCode(Source)
            .ShouldReport(DiagnosticSeverity.Error)
            .ValidateAsync();

    [Fact]
    public Task Model_over_the_size_budget_is_reported()
        => CreateProjectBuilder("build_property.EfficiencyKitMaxModelSizeMB = 1.5")
            .WithSourceCode(Source)
            .ShouldReport(DiagnosticSeverity.Warning, "'models/ranker.onnx' is 2.1 MB, over the project's budget of 1.5 MB (EfficiencyKitMaxModelSizeMB)")
            .ValidateAsync();

    [Fact]
    public Task Incomplete_cost_is_reported_as_a_lower_bound()
        => CreateProjectBuilder("build_property.EfficiencyKitMaxMillijoulesPerInference = 5")
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Models
                {
                    public static InferenceSession Open() => [|new InferenceSession("models/custom.onnx")|];
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "costs at least 6 mJ per inference")
            .ValidateAsync();

    [Fact]
    public Task Model_within_budget_is_not_reported()
        => CreateProjectBuilder("build_property.EfficiencyKitMaxMillijoulesPerInference = 5\nbuild_property.EfficiencyKitMaxModelSizeMB = 1")
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Models
                {
                    public static InferenceSession Open() => new InferenceSession("models/tiny.onnx");
                }
                """)
            .ValidateAsync();

    [Theory]
    [InlineData("")]
    [InlineData("build_property.EfficiencyKitMaxMillijoulesPerInference = ")]
    [InlineData("build_property.EfficiencyKitMaxMillijoulesPerInference = five")]
    [InlineData("build_property.EfficiencyKitMaxMillijoulesPerInference = -1")]
    public Task Without_a_usable_budget_nothing_is_reported(string globalConfig)
        => CreateProjectBuilder(globalConfig)
            .WithSourceCode(Source.Replace("[|", "").Replace("|]", ""))
            .ValidateAsync();

    [Fact]
    public Task Model_not_in_the_manifest_is_not_reported()
        => CreateProjectBuilder("build_property.EfficiencyKitMaxMillijoulesPerInference = 0.001")
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Models
                {
                    public static InferenceSession Open() => new InferenceSession("models/other.onnx");
                }
                """)
            .ValidateAsync();
}
