using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// For <c>analyzer-cost --probe</c>: an analyzer that registers one callback on invocations, as ours do, and does
/// nothing in it; either an operation action or a syntax node action (which needs no operation tree). What the telemetry
/// charges it is the floor every such analyzer pays (the driver's walk of each body on its behalf and the callback
/// dispatch), whatever the callback does.
/// </summary>
#pragma warning disable RS1001 // Handed to CompilationWithAnalyzers by the harness, never discovered in an assembly.
internal sealed class EmptyCallbackProbe(bool onSyntax) : DiagnosticAnalyzer
{
    private readonly DiagnosticDescriptor _rule = new("PROBE01", "probe", "probe", "Probe", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [_rule];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            if (onSyntax)
            {
                compilationContext.RegisterSyntaxNodeAction(_ => { }, SyntaxKind.InvocationExpression);
            }
            else
            {
                compilationContext.RegisterOperationAction(_ => { }, OperationKind.Invocation);
            }
        });
    }

    /// <summary>What the harness prints for it.</summary>
    public string Name => onSyntax ? "empty syntax node action" : "empty operation action";
}
