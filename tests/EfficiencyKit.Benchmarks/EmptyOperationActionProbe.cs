using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// For <c>analyzer-cost --probe</c>: an analyzer that registers one invocation action, as ours do, and does nothing in
/// it. What the telemetry charges it is the floor every such analyzer pays (the driver's walk of each body's operations
/// on its behalf and the callback dispatch), whatever the callback does.
/// </summary>
#pragma warning disable RS1001 // Handed to CompilationWithAnalyzers by the harness, never discovered in an assembly.
internal sealed class EmptyOperationActionProbe : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor s_rule = new("PROBE01", "probe", "probe", "Probe", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [s_rule];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext => compilationContext.RegisterOperationAction(_ => { }, OperationKind.Invocation));
    }
}
