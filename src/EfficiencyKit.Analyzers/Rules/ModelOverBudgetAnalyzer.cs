using System.Globalization;

namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1601: an ONNX Runtime session loads a model whose modelled energy per inference, or size, exceeds the
/// project's budget (EfficiencyKitMaxMillijoulesPerInference, EfficiencyKitMaxModelSizeMB). The build reports
/// the model file (EKB010/EKB011); this puts the finding where the model is loaded. An error when
/// EfficiencyKitTreatBudgetAsError is true.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelOverBudgetAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.ModelOverBudget,
        "Model exceeds the project's energy or size budget",
        "'{0}' {1}, over the project's budget of {2}{3}",
        RuleCategories.Budget,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        "The project sets a budget for its models and the model loaded here exceeds it on the project's hardware profile. "
        + "Use a smaller or quantized model, or a larger batch per call, or change the budget deliberately.",
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.ModelOverBudget));

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var options = compilationContext.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
            var maxMillijoules = Number(options, "build_property.EfficiencyKitMaxMillijoulesPerInference");
            var maxMegabytes = Number(options, "build_property.EfficiencyKitMaxModelSizeMB");
            var asError = options.TryGetValue("build_property.EfficiencyKitTreatBudgetAsError", out var flag) && string.Equals(flag.Trim(), "true", StringComparison.OrdinalIgnoreCase);
            var sessionType = compilationContext.Compilation.GetBestTypeByMetadataName(ModelLoadSite.InferenceSessionType);
            if ((maxMillijoules is null && maxMegabytes is null) || sessionType is null
                || ModelManifest.Find(compilationContext.Options.AnalyzerConfigOptionsProvider.GlobalOptions) is not { } manifest)
            {
                return;
            }

            compilationContext.RegisterOperationAction(
                operationContext =>
                {
                    if (ModelLoadSite.Find(operationContext, sessionType, manifest) is not { } site)
                    {
                        return;
                    }

                    var model = site.Model;
                    var severity = asError ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
                    var location = site.PathArgument.Parent!.Syntax.GetLocation();
                    if (maxMillijoules is { } mj && model.Millijoules > mj)
                    {
                        var figure = string.Format(CultureInfo.InvariantCulture, "costs {0}{1:0.###} mJ per inference (modelled on hardware profile '{2}', batch {3})", model.LowerBound ? "at least " : "", model.Millijoules, model.Profile, model.BatchSize);
                        operationContext.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, location, operationContext.Options, severity, null, null, model.OutputPath, figure, string.Format(CultureInfo.InvariantCulture, "{0:G} mJ (EfficiencyKitMaxMillijoulesPerInference)", mj)));
                    }

                    if (maxMegabytes is { } mb && model.Megabytes > mb)
                    {
                        var figure = string.Format(CultureInfo.InvariantCulture, "is {0:0.##} MB", model.Megabytes);
                        operationContext.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, location, operationContext.Options, severity, null, null, model.OutputPath, figure, string.Format(CultureInfo.InvariantCulture, "{0:G} MB (EfficiencyKitMaxModelSizeMB)", mb)));
                    }
                },
                OperationKind.ObjectCreation);
        });
    }

    private static double? Number(AnalyzerConfigOptions options, string key)
        => options.TryGetValue(key, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
}
