using System.Collections.Immutable;
using System.Globalization;
using EfficiencyKit.Analyzers.Tests;
using EfficiencyKit.Analyzers.Tests.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// Code-fix robustness on real-world C#: each folder of the corpus becomes one workspace project (same trees,
/// references and options as <see cref="AnalyzerCorpusRun"/>); every EfficiencyKit diagnostic is offered to every
/// code-fix provider that fixes its id, and every offered action is applied to the original project on its own.
/// A fix breaks the code when the changed project has more errors, or an error id in a changed document that the
/// document did not have. Errors counted: the whole project's declaration errors plus every error in the changed
/// documents (a full compile per fix would take hours on the large folders; our fixes edit method bodies and add
/// members in the document they fix). Reports counts per repository, each broken fix with the errors it added,
/// fixes that changed nothing, and analyzer or fixer exceptions with their stacks (these must be zero).
/// Usage: analyzer-fixes &lt;folder with one sub-folder per repository&gt;
/// </summary>
internal static class CodeFixCorpusRun
{
    public static async Task RunAsync(string[] args)
    {
        var root = args.Length > 0 ? args[0] : "/tmp/ek-corpus";
        var analyzers = RuleCatalog.Analyzers.ToImmutableArray();
        var fixers = RuleCatalog.Fixers.ToImmutableArray();
        var findings = new List<string>();
        var totals = new int[6];
        Console.WriteLine($"{analyzers.Length} analyzers, {fixers.Length} code-fix providers; corpus {root}");
        Console.WriteLine("| repository | .cs files | compile errors | EK diagnostics | with a fixer | fixes offered | applied | unchanged | broke compilation | analyzer exceptions | fixer exceptions |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var repository in Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal))
        {
            var run = new RepositoryRun(root, repository, analyzers, fixers, findings);
            await run.RunAsync();
            int[] counts = [run.Diagnostics, run.Fixable, run.Offered, run.Applied, run.Broken, run.AnalyzerExceptions + run.FixerExceptions];
            for (var i = 0; i < counts.Length; i++)
            {
                totals[i] += counts[i];
            }

            Console.WriteLine(FormattableString.Invariant(
                $"| {Path.GetFileName(repository)} | {run.Files} | {run.CompileErrors} | {run.Diagnostics} | {run.Fixable} | {run.Offered} | {run.Applied} | {run.Unchanged} | {run.Broken} | {run.AnalyzerExceptions} | {run.FixerExceptions} |"));
        }

        Console.WriteLine(FormattableString.Invariant(
            $"total: {totals[0]} diagnostics, {totals[1]} with a fixer, {totals[2]} fixes offered, {totals[3]} applied, {totals[4]} broke compilation, {totals[5]} exceptions"));
        foreach (var finding in findings)
        {
            Console.WriteLine(finding);
        }
    }

    /// <summary>One repository folder: its project, its diagnostics and the fixes tried on them.</summary>
    private sealed class RepositoryRun(string root, string repository, ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<CodeFixProvider> fixers, List<string> findings)
    {
        private readonly Dictionary<DocumentId, ImmutableArray<Diagnostic>> _originalErrors = [];
        private int _originalDeclarationErrors;

        public int Files { get; private set; }

        public int CompileErrors { get; private set; }

        public int Diagnostics { get; private set; }

        public int Fixable { get; private set; }

        public int Offered { get; private set; }

        public int Applied { get; private set; }

        public int Unchanged { get; private set; }

        public int Broken { get; private set; }

        public int AnalyzerExceptions { get; private set; }

        public int FixerExceptions { get; private set; }

        public async Task RunAsync()
        {
            var project = CreateProject();
            var compilation = (await project.GetCompilationAsync())!;
            CompileErrors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
            _originalDeclarationErrors = CountErrors(compilation.GetDeclarationDiagnostics());

            var options = new CompilationWithAnalyzersOptions(
                project.AnalyzerOptions,
                (exception, analyzer, diagnostic) => ReportAnalyzerException($"{analyzer.GetType().Name} at {Describe(diagnostic.Location)}: {exception}"),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false);
            var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
            foreach (var diagnostic in diagnostics.Where(d => d.Id == "AD0001"))
            {
                ReportAnalyzerException(diagnostic.GetMessage(CultureInfo.InvariantCulture));
            }

            foreach (var diagnostic in diagnostics.Where(d => d.Id.StartsWith("EK", StringComparison.Ordinal) && d.Location.IsInSource)
                         .OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal)
                         .ThenBy(d => d.Location.SourceSpan.Start))
            {
                Diagnostics++;
                var document = project.GetDocument(diagnostic.Location.SourceTree);
                var applicable = fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)).ToList();
                if (document is null || applicable.Count == 0)
                {
                    continue;
                }

                Fixable++;
                foreach (var fixer in applicable)
                {
                    foreach (var action in await OfferAsync(fixer, document, diagnostic))
                    {
                        Offered++;
                        await ApplyAsync(project, fixer, action, diagnostic);
                    }
                }
            }
        }

        private Project CreateProject()
        {
            var projectId = ProjectId.CreateNewId();
            var name = Path.GetFileName(repository);
            var solution = new AdhocWorkspace().CurrentSolution.AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                name,
                name,
                LanguageNames.CSharp,
                compilationOptions: CorpusCompilation.Options,
                parseOptions: CorpusCompilation.ParseOptions,
                metadataReferences: TestReferences.All));
            foreach (var file in CorpusCompilation.SourceFiles(repository))
            {
                solution = solution.AddDocument(DocumentId.CreateNewId(projectId), Path.GetFileName(file), SourceText.From(File.ReadAllText(file)), filePath: file);
                Files++;
            }

            return solution.GetProject(projectId)!;
        }

        private async Task<List<CodeAction>> OfferAsync(CodeFixProvider fixer, Document document, Diagnostic diagnostic)
        {
            var actions = new List<CodeAction>();
            try
            {
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
            }
            catch (Exception exception)
            {
                ReportFixerException(fixer, "RegisterCodeFixesAsync", diagnostic, exception);
            }

            return actions;
        }

        private async Task ApplyAsync(Project project, CodeFixProvider fixer, CodeAction action, Diagnostic diagnostic)
        {
            Solution changed;
            try
            {
                var operations = await action.GetOperationsAsync(CancellationToken.None);
                changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            }
            catch (Exception exception)
            {
                ReportFixerException(fixer, $"'{action.Title}'", diagnostic, exception);
                return;
            }

            Applied++;
            var changedDocuments = changed.GetChanges(project.Solution).GetProjectChanges()
                .SelectMany(p => p.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true).Concat(p.GetAddedDocuments()))
                .ToList();
            if (changedDocuments.Count == 0)
            {
                Unchanged++;
                findings.Add($"unchanged: {diagnostic.Id} '{action.Title}' ({fixer.GetType().Name}) at {Describe(diagnostic.Location)} returns the document unchanged");
                return;
            }

            var changedProject = changed.GetProject(project.Id)!;
            var compilation = (await changedProject.GetCompilationAsync())!;
            var errorsBefore = _originalDeclarationErrors;
            var errorsAfter = CountErrors(compilation.GetDeclarationDiagnostics());
            var newErrors = new List<Diagnostic>();
            var allErrorsAfter = new List<Diagnostic>();
            foreach (var id in changedDocuments)
            {
                var original = await OriginalErrorsAsync(project, id);
                var errors = Errors(compilation.GetSemanticModel((await changedProject.GetDocument(id)!.GetSyntaxTreeAsync())!).GetDiagnostics());
                errorsBefore += original.Length;
                errorsAfter += errors.Length;
                allErrorsAfter.AddRange(errors);
                newErrors.AddRange(errors.Where(e => !original.Any(o => o.Id == e.Id)));
            }

            if (errorsAfter > errorsBefore || newErrors.Count > 0)
            {
                Broken++;
                var shown = newErrors.Count > 0 ? newErrors : allErrorsAfter;
                findings.Add($"broke compilation: {diagnostic.Id} '{action.Title}' ({fixer.GetType().Name}) at {Describe(diagnostic.Location)}: errors {errorsBefore} -> {errorsAfter}; new:"
                    + string.Concat(shown.Take(5).Select(d => $"{Environment.NewLine}    {Describe(d.Location)} {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}")));
            }
        }

        // The errors a document had before any fix (none for a document a fix adds); computed once per document.
        private async Task<ImmutableArray<Diagnostic>> OriginalErrorsAsync(Project project, DocumentId id)
        {
            if (project.GetDocument(id) is not { } document)
            {
                return [];
            }

            if (!_originalErrors.TryGetValue(id, out var errors))
            {
                var compilation = (await project.GetCompilationAsync())!;
                errors = Errors(compilation.GetSemanticModel((await document.GetSyntaxTreeAsync())!).GetDiagnostics());
                _originalErrors[id] = errors;
            }

            return errors;
        }

        private void ReportAnalyzerException(string text)
        {
            AnalyzerExceptions++;
            findings.Add("analyzer exception: " + text);
        }

        private void ReportFixerException(CodeFixProvider fixer, string stage, Diagnostic diagnostic, Exception exception)
        {
            FixerExceptions++;
            findings.Add($"fixer exception: {fixer.GetType().Name} {stage} for {diagnostic.Id} at {Describe(diagnostic.Location)}: {exception}");
        }

        private string Describe(Location location)
        {
            var span = location.GetLineSpan();
            return string.IsNullOrEmpty(span.Path) ? location.ToString() : $"{Path.GetRelativePath(root, span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})";
        }

        private static int CountErrors(IEnumerable<Diagnostic> diagnostics) => diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);

        private static ImmutableArray<Diagnostic> Errors(ImmutableArray<Diagnostic> diagnostics) => [.. diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)];
    }
}
