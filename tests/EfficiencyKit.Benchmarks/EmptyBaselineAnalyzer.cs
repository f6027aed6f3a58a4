using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// The analyzer-benchmark baseline: configured like our rules but registering only a compilation-start action that
/// does nothing, so what it costs is the analyzer driver's fixed work and no analysis.
/// </summary>
#pragma warning disable RS1001 // No [DiagnosticAnalyzer]: the benchmark creates it directly; no compiler ever loads it from this assembly.
internal sealed class EmptyBaselineAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1001
{
    // A descriptor the analyzer never reports: an analyzer with none is skipped by the driver, which would measure nothing.
    private static readonly DiagnosticDescriptor s_unused = new("EKBENCH0", "Unused", "Unused", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(s_unused);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
#pragma warning disable RS1012 // Registering nothing is the point: the start action is all our rules cost where the libraries are absent.
        context.RegisterCompilationStartAction(_ => { });
#pragma warning restore RS1012
    }
}
