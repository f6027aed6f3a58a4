using System.Globalization;

namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1201: an ONNX Runtime session loads an fp32 model while the build writes (AiModel Quantize="int4|int8|fp16") or
/// the project already has a quantized copy of it. The app then ships the smaller, cheaper model and does not
/// use it. Reads the models manifest the EfficiencyKit MSBuild tasks pass as an additional file. With several copies
/// it recommends one: int4 for single-item inference (least memory traffic), int8 for batches (compute-bound MatMuls
/// in integer kernels) or when it is the only integer copy, fp16 only when nothing else exists; the other integer copy
/// is offered as a second fix.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UseQuantizedModelAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the file name the path argument ends with now.</summary>
    public const string ModelFileNameProperty = "ModelFileName";

    /// <summary>Diagnostic property: the recommended quantized copy's file name.</summary>
    public const string QuantizedFileNameProperty = "QuantizedFileName";

    /// <summary>Diagnostic property: the other integer copy's file name (int8 when int4 is recommended, and the reverse), when both exist.</summary>
    public const string AlternativeFileNameProperty = "AlternativeFileName";

    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.UseQuantizedModel,
        "Load the quantized copy of the model",
        "'{0}' is an fp32 model and the build provides its quantized copy '{1}'; load the quantized copy ({2:0.###} mJ per inference modelled for the fp32 model); {3}{4}",
        RuleCategories.Precision,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        "The project quantizes this model at build time (or has a quantized copy beside it), but the code loads the fp32 original. "
        + "An int8 copy is about a quarter of the size and its MatMuls run in integer arithmetic; an int4 copy stores MatMul weights in 4 bits "
        + "(about a sixth of fp32's bytes) and moves the least memory per inference. Check the copy's accuracy once, then load it.",
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
            if (sessionType is null || ModelManifest.Find(compilationContext.Options.AnalyzerConfigOptionsProvider.GlobalOptions) is not { } manifest)
            {
                return;
            }

            compilationContext.RegisterOperationAction(
                operationContext =>
                {
                    if (ModelLoadSite.Find(operationContext, sessionType, manifest) is not { } site
                        || !site.Model.IsMostlyFloat32
                        || Recommend(site.Model, GpuExecutionProvider.Find((IObjectCreationOperation)operationContext.Operation, operationContext.CancellationToken)) is not { } choice)
                    {
                        return;
                    }

                    var properties = ImmutableDictionary<string, string?>.Empty
                        .Add(ModelFileNameProperty, FileName(site.Model.OutputPath))
                        .Add(QuantizedFileNameProperty, FileName(choice.Recommended.Path));
                    if (choice.Alternative is { } alternative)
                    {
                        properties = properties.Add(AlternativeFileNameProperty, FileName(alternative.Path));
                    }

                    operationContext.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, site.PathArgument.Syntax.GetLocation(), operationContext.Options, null, properties, null, site.Model.OutputPath, choice.Recommended.Path, site.Model.Millijoules, choice.Reason));
                },
                OperationKind.ObjectCreation);
        });
    }

    private static (QuantizedCopy Recommended, QuantizedCopy? Alternative, string Reason)? Recommend(ManifestModel model, string? gpuProvider)
    {
        // On a GPU provider the fp16 copy runs on the GPU's fp16 kernels; integer copies fall back to slower paths there.
        if (gpuProvider is not null && model.QuantizedCopies.FirstOrDefault(c => c.Precision == QuantizedPrecision.Fp16) is { } fp16)
        {
            return (fp16, null, $"fp16 is recommended on the {gpuProvider} execution provider: half the weight bytes, computed by the GPU's fp16 kernels, while ONNX Runtime's integer kernels are written for CPUs");
        }

        var int4 = model.QuantizedCopies.FirstOrDefault(c => c.Precision == QuantizedPrecision.Int4);
        var int8 = model.QuantizedCopies.FirstOrDefault(c => c.Precision == QuantizedPrecision.Int8);
        const string Int4Why = "4-bit MatMul weights (MatMulNBits), about a sixth of fp32's weight bytes and half of int8's, the least memory traffic per inference";
        if (int4 is not null && int8 is not null)
        {
            // Batch size as the manifest's cost estimate assumes it (AiModel BatchSize); 0 when the manifest does not say.
            // Measured (docs/onnx.md, int4): int4 used less energy than int8 only for a 201 MB model at batch 1
            // (memory-bound); at batch 64, and for a 2.7 MB model even at batch 1, int8 used 1.5-3.6x less.
            if (model.BatchSize > 1)
            {
                return (int8, int4, string.Format(CultureInfo.InvariantCulture, "int8 is recommended at batch {0}, where MatMuls are compute-bound and run as integer kernels; '{1}' (int4) moves fewer weight bytes and suits single-item inference on large models", model.BatchSize, int4.Path));
            }

            if (model.Megabytes < CacheResidentMegabytes)
            {
                return (int8, int4, string.Format(CultureInfo.InvariantCulture, "int8 is recommended: at {0:0.#} MB the fp32 weights fit in a server CPU's cache, so inference is compute-bound and int8's integer kernels win; '{1}' (int4) pays off for single-item inference on models too large for the cache", model.Megabytes, int4.Path));
            }

            return (int4, int8, $"int4 is recommended for single-item inference on a model too large for the CPU's cache: {Int4Why}; '{int8.Path}' (int8) is the accuracy-safer choice");
        }

        if (int4 is not null)
        {
            return (int4, null, "int4: " + Int4Why);
        }

        if (int8 is not null)
        {
            return (int8, null, "int8: a quarter of the weight bytes, MatMuls in integer arithmetic");
        }

        return model.QuantizedCopies.Count > 0 ? (model.QuantizedCopies[0], null, "fp16: half the weight bytes") : null;
    }

    /// <summary>
    /// Below this fp32 size a model's weights stay in a server CPU's last-level cache (32 MB per AMD EPYC CCD, tens of
    /// MB on a Xeon), and int8 beat int4 even at batch 1 (measured at 2.7 MB; int4 won at 201 MB).
    /// </summary>
    private const double CacheResidentMegabytes = 32;

    private static string FileName(string path) => path.Substring(path.LastIndexOf('/') + 1);
}
