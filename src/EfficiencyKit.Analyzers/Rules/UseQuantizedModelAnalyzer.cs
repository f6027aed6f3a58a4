using System.Collections.Immutable;
using EfficiencyKit.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1201: an ONNX Runtime session loads an fp32 model while the build writes (AiModel Quantize="int8|fp16") or
/// the project already has a quantized copy of it. The app then ships the smaller, cheaper model and does not
/// use it. Reads the models manifest the EfficiencyKit MSBuild tasks pass as an additional file.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UseQuantizedModelAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the file name the path argument ends with now.</summary>
    public const string ModelFileNameProperty = "ModelFileName";

    /// <summary>Diagnostic property: the quantized copy's file name.</summary>
    public const string QuantizedFileNameProperty = "QuantizedFileName";

    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.UseQuantizedModel,
        "Load the quantized copy of the model",
        "'{0}' is an fp32 model and the build provides its quantized copy '{1}'; load the quantized copy ({2:0.###} mJ per inference modelled for the fp32 model){3}",
        RuleCategories.Precision,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        "The project quantizes this model at build time (or has a quantized copy beside it), but the code loads the fp32 original. "
        + "The int8 copy is about a quarter of the size and its MatMuls run in integer arithmetic; check its accuracy once, then load it.",
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.UseQuantizedModel));

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var sessionType = compilationContext.Compilation.GetBestTypeByMetadataName(ModelLoadSite.InferenceSessionType);
            if (sessionType is null || ModelManifest.Find(compilationContext.Options.AdditionalFiles, compilationContext.CancellationToken) is not { } manifest)
            {
                return;
            }

            compilationContext.RegisterOperationAction(
                operationContext =>
                {
                    if (ModelLoadSite.Find(operationContext, sessionType, manifest) is not { } site
                        || !site.Model.IsMostlyFloat32
                        || site.Model.QuantizedAlternative is not { } quantized)
                    {
                        return;
                    }

                    var properties = ImmutableDictionary<string, string?>.Empty
                        .Add(ModelFileNameProperty, FileName(site.Model.OutputPath))
                        .Add(QuantizedFileNameProperty, FileName(quantized));
                    operationContext.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, site.PathArgument.Syntax.GetLocation(), operationContext.Options, null, properties, null, site.Model.OutputPath, quantized, site.Model.Millijoules));
                },
                OperationKind.ObjectCreation);
        });
    }

    private static string FileName(string path) => path.Substring(path.LastIndexOf('/') + 1);
}
