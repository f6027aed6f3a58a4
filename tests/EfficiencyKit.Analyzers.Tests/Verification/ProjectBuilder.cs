using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace EfficiencyKit.Analyzers.Tests.Verification;

/// <summary>
/// Our analyzer and code-fix verifier on Roslyn Workspaces (Microsoft.CodeAnalysis.Testing is not in our
/// registry). Describe a project fluently, then <see cref="ValidateAsync"/> runs, in order:
/// the compile gate; the diagnostics pass against the markup; the generated-code pass and the
/// <c>#pragma</c> pass (both expect silence); then, when a fix is expected, one-by-one fix application,
/// FixAll in document and project scope, a compile gate on every result and a check that no fixable
/// diagnostic remains; or, with <see cref="ShouldNotOfferFix"/>, that no fix is offered at all.
/// </summary>
public sealed class ProjectBuilder
{
    private readonly List<string> _markups = [];
    private readonly List<DiagnosticAnalyzer> _analyzers = [];
    private readonly Dictionary<int, string> _fixedSources = [];
    private CodeFixProvider? _fixer;
    private string? _editorConfig;
    private string? _globalConfig;
    private readonly List<(string Path, string Text)> _additionalFiles = [];
    private OutputKind _outputKind = OutputKind.DynamicallyLinkedLibrary;
    private DiagnosticSeverity? _expectedSeverity;
    private string? _expectedMessage;
    private bool _expectNoFix;
    private readonly HashSet<string> _removedReferences = new(StringComparer.Ordinal);

    public ProjectBuilder WithAnalyzer<TAnalyzer>()
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        _analyzers.Add(new TAnalyzer());
        return this;
    }

    public ProjectBuilder WithCodeFixProvider<TFixer>()
        where TFixer : CodeFixProvider, new()
    {
        _fixer = new TFixer();
        return this;
    }

    /// <summary>Adds a document (Test0.cs, Test1.cs, …) written in markup.</summary>
    public ProjectBuilder WithSourceCode(string markup)
    {
        _markups.Add(markup);
        return this;
    }

    /// <summary>Lines for the <c>[*.cs]</c> section of a real .editorconfig document in the project.</summary>
    public ProjectBuilder WithEditorConfig(string lines)
    {
        _editorConfig = lines;
        return this;
    }

    /// <summary>Lines of a global analyzer config, as MSBuild generates for CompilerVisibleProperty (<c>build_property.X = v</c>).</summary>
    public ProjectBuilder WithGlobalConfig(string lines)
    {
        _globalConfig = lines;
        return this;
    }

    /// <summary>An AdditionalFiles item (e.g. the build's models manifest).</summary>
    public ProjectBuilder WithAdditionalFile(string path, string text)
    {
        _additionalFiles.Add((path, text));
        return this;
    }

    /// <summary>Compiles without the named reference assembly (e.g. "System.Numerics.Tensors"), as a project that does not reference it.</summary>
    public ProjectBuilder WithoutReference(string assemblyName)
    {
        _removedReferences.Add(assemblyName);
        return this;
    }

    public ProjectBuilder WithOutputKind(OutputKind outputKind)
    {
        _outputKind = outputKind;
        return this;
    }

    /// <summary>Every reported diagnostic must have this severity and, if given, a message containing <paramref name="messageContains"/>.</summary>
    public ProjectBuilder ShouldReport(DiagnosticSeverity severity, string? messageContains = null)
    {
        _expectedSeverity = severity;
        _expectedMessage = messageContains;
        return this;
    }

    /// <summary>The expected text of document 0 (or <paramref name="documentIndex"/>) after all fixes.</summary>
    public ProjectBuilder ShouldFixCodeWith(string fixedSource, int documentIndex = 0)
    {
        _fixedSources[documentIndex] = fixedSource;
        return this;
    }

    public ProjectBuilder ShouldNotOfferFix()
    {
        _expectNoFix = true;
        return this;
    }

    public async Task ValidateAsync()
    {
        if (_analyzers.Count == 0 || _markups.Count == 0)
        {
            throw new InvalidOperationException("A test needs at least one analyzer and one source document.");
        }

        var parsed = _markups.Select((markup, index) => TestMarkup.Parse(markup, index)).ToList();
        var sources = parsed.Select(p => p.Source).ToList();
        var expected = parsed.SelectMany(p => p.Expected).Select(ResolveDefaultId).ToList();

        var project = CreateProject(sources);
        await AssertCompilesAsync(project, "test source");

        var actual = await GetDiagnosticsAsync(project);
        DiagnosticComparer.AssertMatch(expected, actual, project);
        AssertSeverityAndMessage(actual);

        var generated = CreateProject(sources.Select(source => "// <auto-generated/>\n" + source).ToList());
        DiagnosticComparer.AssertMatch([], await GetDiagnosticsAsync(generated), generated, "generated-code pass");

        var ids = string.Join(", ", _analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct());
        var pragma = CreateProject(sources.Select(source => $"#pragma warning disable {ids}\n" + source).ToList());
        DiagnosticComparer.AssertMatch([], await GetDiagnosticsAsync(pragma), pragma, "#pragma pass");

        if (_expectNoFix)
        {
            await AssertNoFixOfferedAsync(project, actual);
        }

        if (_fixedSources.Count > 0)
        {
            var expectedTexts = sources.Select((source, index) => _fixedSources.TryGetValue(index, out var fixedSource) ? fixedSource : source).ToList();
            await AssertFixedAsync(await ApplyFixesOneByOneAsync(project), expectedTexts, "one-by-one fix");
            await AssertFixedAsync(await ApplyFixAllAsync(project, FixAllScope.Document), expectedTexts, "FixAll (document)");
            await AssertFixedAsync(await ApplyFixAllAsync(project, FixAllScope.Project), expectedTexts, "FixAll (project)");
        }
    }

    private ExpectedDiagnostic ResolveDefaultId(ExpectedDiagnostic expected)
    {
        if (expected.Id is not null)
        {
            return expected;
        }

        var ids = _analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().ToList();
        return ids.Count == 1
            ? expected with { Id = ids[0] }
            : throw new InvalidOperationException($"'[|…|]' is ambiguous: the analyzers report {string.Join(", ", ids)}; use '{{|ID:…|}}'.");
    }

    private Project CreateProject(IReadOnlyList<string> sources)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var specificOptions = _analyzers
            .SelectMany(a => a.SupportedDiagnostics)
            .Where(d => !d.IsEnabledByDefault)
            .ToDictionary(d => d.Id, _ => ReportDiagnostic.Warn);

        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            "TestProject",
            "TestProject",
            LanguageNames.CSharp,
            filePath: "/src/TestProject.csproj",
            compilationOptions: new CSharpCompilationOptions(_outputKind, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(specificOptions),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: TestReferences.All.Where(r => !_removedReferences.Contains(System.IO.Path.GetFileNameWithoutExtension(r.Display ?? string.Empty)))));

        for (var i = 0; i < sources.Count; i++)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), $"Test{i}.cs", SourceText.From(sources[i]), filePath: $"/src/Test{i}.cs");
        }

        if (_editorConfig is not null)
        {
            var text = "root = true\n\n[*.cs]\n" + _editorConfig + "\n";
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), ".editorconfig", SourceText.From(text), filePath: "/src/.editorconfig");
        }

        if (_globalConfig is not null)
        {
            var text = "is_global = true\n" + _globalConfig + "\n";
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), "TestProject.GeneratedMSBuildEditorConfig.editorconfig", SourceText.From(text), filePath: "/src/obj/TestProject.GeneratedMSBuildEditorConfig.editorconfig");
        }

        foreach (var (path, text) in _additionalFiles)
        {
            solution = solution.AddAdditionalDocument(DocumentId.CreateNewId(projectId), System.IO.Path.GetFileName(path), SourceText.From(text), filePath: path);
        }

        return solution.GetProject(projectId)!;
    }

    private static async Task AssertCompilesAsync(Project project, string what)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new VerificationException($"The {what} does not compile:\n{await DiagnosticComparer.AnnotateAsync(project, errors)}");
        }
    }

    private async Task<ImmutableArray<Diagnostic>> GetDiagnosticsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions,
            onAnalyzerException: (exception, _, _) => { lock (exceptions) { exceptions.Add(exception); } },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers([.. _analyzers], options).GetAnalyzerDiagnosticsAsync();
        var crashes = diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage()).Concat(exceptions.Select(e => e.ToString())).ToList();
        if (crashes.Count > 0)
        {
            throw new VerificationException("An analyzer threw:\n" + string.Join("\n", crashes));
        }

        return [.. diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start)];
    }

    private void AssertSeverityAndMessage(ImmutableArray<Diagnostic> actual)
    {
        foreach (var diagnostic in actual)
        {
            if (_expectedSeverity is { } severity && diagnostic.Severity != severity)
            {
                throw new VerificationException($"Expected severity {severity} but {diagnostic.Id} at {diagnostic.Location.GetLineSpan()} is {diagnostic.Severity}: {diagnostic.GetMessage()}");
            }

            if (_expectedMessage is not null && !diagnostic.GetMessage().Contains(_expectedMessage, StringComparison.Ordinal))
            {
                throw new VerificationException($"Expected a message containing \"{_expectedMessage}\" but got \"{diagnostic.GetMessage()}\".");
            }
        }
    }

    private CodeFixProvider Fixer => _fixer ?? throw new InvalidOperationException("Fix expectations need WithCodeFixProvider<T>().");

    private async Task<ImmutableArray<Diagnostic>> GetFixableDiagnosticsAsync(Project project)
        => [.. (await GetDiagnosticsAsync(project)).Where(d => Fixer.FixableDiagnosticIds.Contains(d.Id))];

    private async Task<List<CodeAction>> GetActionsAsync(Project project, Diagnostic diagnostic)
    {
        var document = project.GetDocument(diagnostic.Location.SourceTree)!;
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await Fixer.RegisterCodeFixesAsync(context);
        return actions;
    }

    private async Task AssertNoFixOfferedAsync(Project project, ImmutableArray<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics.Where(d => Fixer.FixableDiagnosticIds.Contains(d.Id)))
        {
            var actions = await GetActionsAsync(project, diagnostic);
            if (actions.Count > 0)
            {
                throw new VerificationException($"Expected no fix for {diagnostic.Id} at {diagnostic.Location.GetLineSpan()}, but '{actions[0].Title}' is offered.");
            }
        }
    }

    private async Task<Project> ApplyFixesOneByOneAsync(Project project)
    {
        var budget = (await GetFixableDiagnosticsAsync(project)).Length + 1;
        for (var step = 0; step < budget; step++)
        {
            var applied = false;
            foreach (var diagnostic in await GetFixableDiagnosticsAsync(project))
            {
                var actions = await GetActionsAsync(project, diagnostic);
                if (actions.Count == 0)
                {
                    continue;
                }

                project = await ApplyAsync(project, actions[0]);
                applied = true;
                break;
            }

            if (!applied)
            {
                return project;
            }
        }

        throw new VerificationException($"Fixes were still being applied after {budget} rounds: a fix does not remove its diagnostic.");
    }

    private async Task<Project> ApplyFixAllAsync(Project project, FixAllScope scope)
    {
        var diagnostics = await GetFixableDiagnosticsAsync(project);
        foreach (var diagnostic in diagnostics)
        {
            var actions = await GetActionsAsync(project, diagnostic);
            if (actions.Count == 0)
            {
                continue;
            }

            var provider = Fixer.GetFixAllProvider() ?? throw new VerificationException("The fixer has no FixAll provider.");
            var context = new FixAllContext(
                project.GetDocument(diagnostic.Location.SourceTree)!,
                Fixer,
                scope,
                actions[0].EquivalenceKey,
                Fixer.FixableDiagnosticIds,
                new TestDiagnosticProvider(diagnostics),
                CancellationToken.None);
            var fixAll = await provider.GetFixAsync(context) ?? throw new VerificationException($"FixAll ({scope}) returned no action.");
            return await ApplyAsync(project, fixAll);
        }

        return project;
    }

    private static async Task<Project> ApplyAsync(Project project, CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return changed.GetProject(project.Id)!;
    }

    private async Task AssertFixedAsync(Project project, IReadOnlyList<string> expectedTexts, string pass)
    {
        var documents = project.Documents.OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        for (var i = 0; i < documents.Count; i++)
        {
            var actual = Normalize((await documents[i].GetTextAsync()).ToString());
            var expected = Normalize(expectedTexts[i]);
            if (actual != expected)
            {
                throw new VerificationException($"{pass}: {documents[i].Name} differs from the expected fixed code.\n--- expected\n{expected}\n--- actual\n{actual}");
            }
        }

        await AssertCompilesAsync(project, $"code after {pass}");
        var remaining = await GetFixableDiagnosticsAsync(project);
        foreach (var diagnostic in remaining)
        {
            if ((await GetActionsAsync(project, diagnostic)).Count > 0)
            {
                throw new VerificationException($"{pass}: a fixable {diagnostic.Id} remains at {diagnostic.Location.GetLineSpan()}.");
            }
        }
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
