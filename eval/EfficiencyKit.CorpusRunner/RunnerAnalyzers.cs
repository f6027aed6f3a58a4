using System;
using System.Collections.Immutable;
using System.Linq;
using EfficiencyKit.Analyzers.Tests;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EfficiencyKit.CorpusRunner;

/// <summary>Our analyzers, every rule switched on (Info-level and disabled-by-default ones included).</summary>
internal static class RunnerAnalyzers
{
    public static ImmutableArray<DiagnosticAnalyzer> All { get; } = [.. RuleCatalog.Analyzers];

    /// <summary>Every EK rule raised to a warning, so none is filtered out by its default severity or by being off by default.</summary>
    public static ImmutableDictionary<string, ReportDiagnostic> AllEnabled { get; } = All
        .SelectMany(a => a.SupportedDiagnostics)
        .Select(d => d.Id)
        .Distinct(StringComparer.Ordinal)
        .ToImmutableDictionary(id => id, _ => ReportDiagnostic.Warn, StringComparer.Ordinal);
}
