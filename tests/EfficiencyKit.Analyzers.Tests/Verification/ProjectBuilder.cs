using System.Collections.Immutable;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace EfficiencyKit.Analyzers.Tests.Verification;

/// <summary>
/// Describes a rule test fluently and runs it as a Microsoft.CodeAnalysis.Testing <see cref="RuleTest"/>, against
/// <see cref="TestReferences.Libraries"/>. Sources use the framework's markup (<c>[|…|]</c> for the analyzer's only id,
/// <c>{|EK1001:…|}</c> for a named one). With <see cref="ShouldFixCodeWith"/> the framework applies the fixes one by
/// one and with FixAll in document and project scope; <see cref="ShouldNotOfferFix"/> expects the code
/// unchanged after zero fix iterations, which fails as soon as a fix is offered. A second run checks that the same
/// sources marked <c>&lt;auto-generated&gt;</c> raise nothing.
/// </summary>
public sealed class ProjectBuilder
{
    // Every reference is in AdditionalReferences (TestReferences): the framework resolves no package at test time.
    // One instance, because the framework caches what it resolved (nothing, here) per instance.
    private static readonly ReferenceAssemblies s_noPackages = new("net10.0");

    private readonly List<string> _markups = [];
    private readonly List<DiagnosticAnalyzer> _analyzers = [];
    private readonly Dictionary<int, string> _fixedSources = [];
    private readonly List<string> _evidenceConfigs = [];
    private readonly HashSet<string> _removedReferences = new(StringComparer.Ordinal);
    private readonly List<MetadataReference> _addedReferences = [];
    private CodeFixProvider? _fixer;
    private string? _editorConfig;
    private string? _globalConfig;
    private OutputKind _outputKind = OutputKind.DynamicallyLinkedLibrary;
    private DiagnosticSeverity? _expectedSeverity;
    private string? _expectedMessage;
    private bool _expectNoFix;
    private string? _codeActionKey;
    private int? _codeActionIndex;
    private bool _compilationEndFixes;

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

    /// <summary>Adds a document (/src/Test0.cs, Test1.cs, …) written in markup.</summary>
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

    /// <summary>A dotnet-energy report (EfficiencyKitProfileReport), handed over as a build would: <see cref="AnalyzerEvidence.ForProfileReport"/>.</summary>
    public ProjectBuilder WithProfileReport(string reportJson)
    {
        _evidenceConfigs.Add(AnalyzerEvidence.ForProfileReport(reportJson));
        return this;
    }

    /// <summary>The build's models manifest, handed over as a build would: <see cref="AnalyzerEvidence.ForModelsManifest"/>.</summary>
    public ProjectBuilder WithModelsManifest(string manifestJson)
    {
        _evidenceConfigs.Add(AnalyzerEvidence.ForModelsManifest(manifestJson));
        return this;
    }

    /// <summary>Compiles without the named reference assembly (e.g. "System.Numerics.Tensors"), as a project that does not reference it.</summary>
    public ProjectBuilder WithoutReference(string assemblyName)
    {
        _removedReferences.Add(assemblyName);
        return this;
    }

    /// <summary>Compiles against one more assembly, e.g. an older version of a package (<see cref="TestReferences.Older"/>) in place of one left out.</summary>
    public ProjectBuilder WithReference(MetadataReference reference) => WithReferences([reference]);

    private ProjectBuilder WithReferences(IEnumerable<MetadataReference> references)
    {
        _addedReferences.AddRange(references);
        return this;
    }

    /// <summary>Adds the ASP.NET Core shared framework's reference assemblies, as a web project has.</summary>
    public ProjectBuilder WithAspNetCore() => WithReferences(TestReferences.AspNetCore);

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

    /// <summary>Applies the code action with this equivalence key, which must be the <paramref name="index"/>-th one offered.</summary>
    public ProjectBuilder WithCodeAction(string equivalenceKey, int index)
    {
        _codeActionKey = equivalenceKey;
        _codeActionIndex = index;
        return this;
    }

    /// <summary>
    /// For rules that report at compilation end (the diagnostic is non-local): the framework otherwise refuses their fixes,
    /// because IDEs compute fixes from document-local analysis; <c>dotnet format analyzers</c> and FixAll still apply them.
    /// </summary>
    public ProjectBuilder WithCompilationEndFixes()
    {
        _compilationEndFixes = true;
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

        if ((_expectNoFix || _fixedSources.Count > 0) && _fixer is null)
        {
            throw new InvalidOperationException("Fix expectations need WithCodeFixProvider<T>().");
        }

        var test = CreateTest(_markups);

        // A document without an expected fixed text keeps its markup: it must come out of the fixes unchanged.
        for (var i = 0; i < _markups.Count && (_expectNoFix || _fixedSources.Count > 0); i++)
        {
            test.FixedState.Sources.Add(_fixedSources.TryGetValue(i, out var fixedSource) ? fixedSource : _markups[i]);
        }

        await test.RunAsync();

        // The framework skips its <auto-generated> pass for analyzers that configure generated-code analysis, as all of
        // ours do (GeneratedCodeAnalysisFlags.None): the same sources marked generated must raise nothing.
        var generated = CreateTest(_markups.Select(markup =>
        {
            TestFileMarkupParser.GetSpans(markup, treatPositionIndicatorsAsCode: false, out var source, out ImmutableDictionary<string, ImmutableArray<TextSpan>> _);
            return "// <auto-generated/>\n" + source;
        }));
        generated.TestBehaviors |= TestBehaviors.SkipSuppressionCheck;

        // Markup is stripped here, compiler errors expected with {|CS0246:…|} too (a test of code whose types do not bind).
        generated.CompilerDiagnostics = CompilerDiagnostics.None;
        await generated.RunAsync();
    }

    private RuleTest CreateTest(IEnumerable<string> sources)
    {
        var test = new RuleTest([.. _analyzers], _fixer, _expectedSeverity, _expectedMessage)
        {
            // One project: FixAll in solution scope would repeat the project-scope pass.
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipFixAllInSolutionCheck,
            ReferenceAssemblies = s_noPackages,

            // A rule may have a second descriptor of its id for compilation-end reports (EK1202): markup names the first.
            MarkupOptions = MarkupOptions.UseFirstDescriptor,
        };
        test.TestState.OutputKind = _outputKind;
        test.CodeActionEquivalenceKey = _codeActionKey;
        if (_compilationEndFixes)
        {
            test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
        }

        test.CodeActionIndex = _codeActionIndex;
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        test.TestState.AdditionalReferences.AddRange(TestReferences.Libraries.Where(r => !_removedReferences.Contains(TestReferences.AssemblyName(r))));
        test.TestState.AdditionalReferences.AddRange(_addedReferences);
        for (var i = 0; i < _evidenceConfigs.Count; i++)
        {
            test.TestState.AnalyzerConfigFiles.Add((i == 0 ? AnalyzerEvidence.ConfigPath : AnalyzerEvidence.ConfigPath + i, _evidenceConfigs[i]));
        }

        if (_editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/src/.editorconfig", "root = true\n\n[*.cs]\n" + _editorConfig + "\n"));
        }

        if (_globalConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/src/obj/TestProject.GeneratedMSBuildEditorConfig.editorconfig", "is_global = true\n" + _globalConfig + "\n"));
        }

        return test;
    }
}
