using System.Collections.Immutable;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace EfficiencyKit.Analyzers.Tests.Verification;

/// <summary>
/// A Microsoft.CodeAnalysis.Testing code-fix test over any set of our analyzers and an optional fixer, compiled as C#
/// latest with nullable on. The framework checks the markup's diagnostics, the generated-code and <c>#pragma</c>
/// passes, iterative and FixAll (document, project, solution) fixes and the fixed code's diagnostics. What it leaves
/// out, the severity and message of every diagnostic our analyzers report (markup ignores both), is checked here.
/// </summary>
internal sealed class RuleTest(ImmutableArray<DiagnosticAnalyzer> analyzers, CodeFixProvider? fixer, DiagnosticSeverity? severity, string? messageContains)
    : CodeFixTest<DefaultVerifier>
{
    private readonly ImmutableHashSet<string> _ruleIds = [.. analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id)];

    public override string Language => LanguageNames.CSharp;

    public override Type SyntaxKindType => typeof(SyntaxKind);

    protected override string DefaultFileExt => "cs";

    // Documents at /src/Test0.cs, … beside the /src/.editorconfig that WithEditorConfig writes.
    protected override string DefaultFilePathPrefix => "/src/Test";

    protected override CompilationOptions CreateCompilationOptions()
        => new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    protected override ParseOptions CreateParseOptions()
        => new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => analyzers;

    protected override IEnumerable<CodeFixProvider> GetCodeFixProviders() => fixer is null ? [] : [fixer];

    protected override ImmutableArray<(Project project, Diagnostic diagnostic)> FilterDiagnostics(ImmutableArray<(Project project, Diagnostic diagnostic)> diagnostics)
    {
        // Suppressed ones come from the framework's #pragma pass, whose extra first line moves every line number.
        foreach (var (_, diagnostic) in diagnostics.Where(d => _ruleIds.Contains(d.diagnostic.Id) && !d.diagnostic.IsSuppressed))
        {
            if (severity is { } expected && diagnostic.Severity != expected)
            {
                Verify.Fail($"Expected severity {expected} but {diagnostic.Id} at {diagnostic.Location.GetLineSpan()} is {diagnostic.Severity}: {diagnostic.GetMessage()}");
            }

            if (messageContains is not null && !diagnostic.GetMessage().Contains(messageContains, StringComparison.Ordinal))
            {
                Verify.Fail($"Expected a message containing \"{messageContains}\" but {diagnostic.Id} at {diagnostic.Location.GetLineSpan()} says \"{diagnostic.GetMessage()}\".");
            }
        }

        return base.FilterDiagnostics(diagnostics);
    }
}
