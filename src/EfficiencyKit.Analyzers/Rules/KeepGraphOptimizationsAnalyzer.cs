namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1203: ONNX Runtime graph optimizations switched off or down (<c>ORT_DISABLE_ALL</c>, <c>ORT_ENABLE_BASIC</c>).
/// ORT's default is <c>ORT_ENABLE_ALL</c>, so a missing setting is fine; only an explicit lower level in
/// non-test code is reported (test projects often disable optimizations to compare against a reference).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class KeepGraphOptimizationsAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.KeepGraphOptimizations,
        "Keep ONNX Runtime graph optimizations on",
        "'{0}' turns off ONNX Runtime graph optimizations that fuse and fold operators; leave the default ORT_ENABLE_ALL (or ORT_ENABLE_EXTENDED) outside debugging{1}",
        RuleCategories.Precision,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        "Graph optimizations fold constants and fuse operators (MatMul+Add+Relu into one kernel, dynamic int8 patterns into "
        + "DynamicQuantizeMatMul); without them every inference does more memory traffic and dispatch work.",
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.KeepGraphOptimizations));

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var compilation = compilationContext.Compilation;
            var level = compilation.GetBestTypeByMetadataName("Microsoft.ML.OnnxRuntime.GraphOptimizationLevel");
            if (level is null || compilation.IsTestProject())
            {
                return;
            }

            compilationContext.RegisterOperationAction(
                operationContext =>
                {
                    var assignment = (ISimpleAssignmentOperation)operationContext.Operation;
                    if (assignment.Target is IPropertyReferenceOperation { Property.Name: "GraphOptimizationLevel" }
                        && assignment.Value is IFieldReferenceOperation { Field: { Name: "ORT_DISABLE_ALL" or "ORT_ENABLE_BASIC" } field }
                        && SymbolEqualityComparer.Default.Equals(field.ContainingType, level))
                    {
                        operationContext.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, assignment.Value.Syntax.GetLocation(), operationContext.Options, null, null, null, field.Name));
                    }
                },
                OperationKind.SimpleAssignment);
        });
    }
}
