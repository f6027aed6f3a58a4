using System;
using System.Collections.Immutable;
using System.Linq;
using EfficiencyKit.Analyzers.Rules;
using EfficiencyKit.CodeFixes.Rules;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// Every analyzer and code-fix provider our assemblies ship, found by reflection so that a new rule is measured
/// and exercised without editing the harnesses.
/// </summary>
internal static class EfficiencyKitComponents
{
    public static ImmutableArray<DiagnosticAnalyzer> CreateAnalyzers()
        => CreateAll<DiagnosticAnalyzer>(typeof(AvoidPerCallClientCreationAnalyzer));

    public static ImmutableArray<CodeFixProvider> CreateCodeFixProviders()
        => CreateAll<CodeFixProvider>(typeof(AvoidPerCallClientCreationFixer));

    private static ImmutableArray<T> CreateAll<T>(Type anyTypeInAssembly)
        where T : class
        => [.. anyTypeInAssembly.Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(T).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!)];
}
