using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// For <c>analyzer-cost --probe</c>: the same empty callback as <see cref="EmptyOperationActionProbe"/> on invocation
/// syntax nodes, so the two dispatch floors can be compared (a syntax node action needs no operation tree).
/// </summary>
#pragma warning disable RS1001 // Handed to CompilationWithAnalyzers by the harness, never discovered in an assembly.
internal sealed class EmptySyntaxNodeActionProbe : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor s_rule = new("PROBE02", "probe", "probe", "Probe", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [s_rule];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext => compilationContext.RegisterSyntaxNodeAction(_ => { }, SyntaxKind.InvocationExpression));
    }
}
