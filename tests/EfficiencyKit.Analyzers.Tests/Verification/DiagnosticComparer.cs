using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace EfficiencyKit.Analyzers.Tests.Verification;

/// <summary>Compares expected and actual diagnostics by id, document and exact span, and prints mismatches in the source.</summary>
internal static class DiagnosticComparer
{
    public static void AssertMatch(IReadOnlyList<ExpectedDiagnostic> expected, ImmutableArray<Diagnostic> actual, Project project, string pass = "diagnostics pass")
    {
        var documentIndexByPath = project.Documents.ToDictionary(d => d.FilePath!, d => int.Parse(d.Name[4..^3], System.Globalization.CultureInfo.InvariantCulture));
        var actualKeys = actual
            .Select(d => (d.Id, Document: d.Location.SourceTree is { } tree ? documentIndexByPath[tree.FilePath] : -1, d.Location.SourceSpan))
            .ToList();
        var expectedKeys = expected.Select(e => (e.Id!, e.DocumentIndex, e.Span)).ToList();

        var missing = expectedKeys.Except(actualKeys).ToList();
        var unexpected = actualKeys.Except(expectedKeys).ToList();
        if (missing.Count == 0 && unexpected.Count == 0 && expectedKeys.Count == actualKeys.Count)
        {
            return;
        }

        var message = new StringBuilder($"{pass}: expected {expectedKeys.Count} diagnostic(s), got {actualKeys.Count}.\n");
        foreach (var (id, document, span) in missing)
        {
            message.Append($"  missing    {id} in Test{document}.cs {span}: '{Text(project, document, span)}'\n");
        }

        foreach (var diagnostic in actual.Where(d => unexpected.Contains((d.Id, d.Location.SourceTree is { } t ? documentIndexByPath[t.FilePath] : -1, d.Location.SourceSpan))))
        {
            message.Append($"  unexpected {diagnostic.Id} at {diagnostic.Location.GetLineSpan()}: {diagnostic.GetMessage()}\n");
        }

        message.Append(AnnotateAsync(project, actual).GetAwaiter().GetResult());
        throw new VerificationException(message.ToString());
    }

    /// <summary>The project's documents with each diagnostic shown under its line (Meziantou's AnnotateSourceCodeWithDiagnostics idea).</summary>
    public static async Task<string> AnnotateAsync(Project project, IEnumerable<Diagnostic> diagnostics)
    {
        var output = new StringBuilder();
        var byTree = diagnostics.Where(d => d.Location.IsInSource).ToLookup(d => d.Location.SourceTree!.FilePath);
        foreach (var document in project.Documents.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            output.Append($"--- {document.Name}\n");
            var text = await document.GetTextAsync();
            var onDocument = byTree[document.FilePath!].ToList();
            foreach (var line in text.Lines)
            {
                output.Append($"{line.LineNumber + 1,4}: {line}\n");
                foreach (var diagnostic in onDocument.Where(d => d.Location.GetLineSpan().StartLinePosition.Line == line.LineNumber))
                {
                    var column = diagnostic.Location.GetLineSpan().StartLinePosition.Character;
                    output.Append($"      {new string(' ', column)}^ {diagnostic.Id} ({diagnostic.Severity}): {diagnostic.GetMessage()}\n");
                }
            }
        }

        return output.ToString();
    }

    private static string Text(Project project, int document, Microsoft.CodeAnalysis.Text.TextSpan span)
        => project.Documents.Single(d => d.Name == $"Test{document}.cs").GetTextAsync().GetAwaiter().GetResult().ToString(span);
}
