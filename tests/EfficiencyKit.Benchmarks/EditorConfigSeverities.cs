using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// For <c>analyzer-cost --editorconfig</c>: the rule severities a repository's own <c>.editorconfig</c> files set, per
/// source file, as the compiler applies them in a build (a file's settings override the rule set the harness starts
/// from, as they override <c>AnalysisMode</c>'s global config). Every <c>.editorconfig</c> in the folder's tree and
/// above it is read; sections, precedence and <c>root = true</c> follow Roslyn's own <see cref="AnalyzerConfigSet"/>.
/// </summary>
internal sealed class EditorConfigSeverities : SyntaxTreeOptionsProvider
{
    private readonly Dictionary<SyntaxTree, ImmutableDictionary<string, ReportDiagnostic>> _byTree;

    private EditorConfigSeverities(Dictionary<SyntaxTree, ImmutableDictionary<string, ReportDiagnostic>> byTree) => _byTree = byTree;

    /// <summary>The files read, and the provider for <paramref name="trees"/>.</summary>
    public static (IReadOnlyList<string> Files, EditorConfigSeverities Provider) Read(string folder, IEnumerable<SyntaxTree> trees)
    {
        var files = Directory.EnumerateFiles(folder, ".editorconfig", SearchOption.AllDirectories).ToList();
        for (var above = Directory.GetParent(folder); above is not null; above = above.Parent)
        {
            var candidate = Path.Combine(above.FullName, ".editorconfig");
            if (File.Exists(candidate))
            {
                files.Add(candidate);
            }
        }

        var set = AnalyzerConfigSet.Create(files.Select(f => AnalyzerConfig.Parse(File.ReadAllText(f), f)).ToList());
        var byTree = trees.ToDictionary(tree => tree, tree => set.GetOptionsForSourcePath(tree.FilePath).TreeOptions);
        return (files, new EditorConfigSeverities(byTree));
    }

    /// <summary>How many distinct rule ids the files set a severity for, over all trees.</summary>
    public int RulesConfigured => _byTree.Values.SelectMany(options => options.Keys).Distinct(StringComparer.Ordinal).Count();

    public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.Unknown;

    public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
    {
        severity = ReportDiagnostic.Default;
        return _byTree.TryGetValue(tree, out var options) && options.TryGetValue(diagnosticId, out severity);
    }

    public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
    {
        severity = ReportDiagnostic.Default;
        return false;
    }
}
