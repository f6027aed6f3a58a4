using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using EfficiencyKit.Analyzers.Tests;
using EfficiencyKit.Analyzers.Tests.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// What our analyzers cost: <c>GetAnalyzerDiagnosticsAsync</c> over one synthetic project of <see cref="Files"/> files
/// with every EfficiencyKit analyzer, against an analyzer that registers nothing (the driver's fixed cost: without
/// operation or syntax actions it binds no method body), and the compiler's own diagnostics (binding and flow
/// analysis, which a build pays anyway) for scale. Each invocation works on a fresh <c>Compilation.Clone()</c>, which
/// shares parsed trees and metadata but no bound state, as a new build would.
/// With <see cref="ReferencesAiLibraries"/> false the project references none of OpenAI, Microsoft.Extensions.AI or
/// ONNX Runtime: the rules should bail out at compilation start and cost about nothing.
/// Each invocation takes seconds, so the job is a monitoring run (no pilot, one invocation per iteration) short
/// enough to finish in about ten minutes on two cores.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 6)]
public class AnalyzerBenchmarks
{
    private const int Files = 240;

    private CSharpCompilation _compilation = null!;
    private ImmutableArray<DiagnosticAnalyzer> _efficiencyKit;
    private ImmutableArray<DiagnosticAnalyzer> _baseline;

    [Params(true, false)]
    public bool ReferencesAiLibraries { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _compilation = CSharpCompilation.Create(
            "SyntheticServices",
            SyntheticAiCorpus.Create(Files, ReferencesAiLibraries),
            ReferencesAiLibraries ? TestReferences.All : TestReferences.Framework,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = _compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"The synthetic corpus has {errors.Count} compile errors, e.g.:{Environment.NewLine}{string.Join(Environment.NewLine, errors.Take(10))}");
        }

        _efficiencyKit = RuleCatalog.Analyzers.ToImmutableArray();
        _baseline = [new EmptyBaselineAnalyzer()];

        // Once per case, outside the measurement: which rules fired, and where the analyzer time went.
        var withAnalyzers = _compilation.Clone().WithAnalyzers(_efficiencyKit, new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        var result = await withAnalyzers.GetAnalysisResultAsync(default);
        Console.WriteLine($"// {Files} files, diagnostics: " + string.Join(", ", diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}")));
        foreach (var (analyzer, telemetry) in result.AnalyzerTelemetryInfo.OrderByDescending(pair => pair.Value.ExecutionTime))
        {
            Console.WriteLine(FormattableString.Invariant($"// {analyzer.GetType().Name}: {telemetry.ExecutionTime.TotalMilliseconds:F1} ms"));
        }
    }

    [Benchmark(Description = "empty baseline analyzer")]
    public Task<ImmutableArray<Diagnostic>> EmptyBaseline() => AnalyzeAsync(_baseline);

    [Benchmark(Description = "EfficiencyKit analyzers")]
    public Task<ImmutableArray<Diagnostic>> EfficiencyKit() => AnalyzeAsync(_efficiencyKit);

    [Benchmark(Description = "compiler diagnostics, no analyzer")]
    public ImmutableArray<Diagnostic> CompilerOnly() => _compilation.Clone().GetDiagnostics();

    // Sequential analysis: on a shared 2-core machine concurrent analysis only adds scheduling noise to the comparison.
    private Task<ImmutableArray<Diagnostic>> AnalyzeAsync(ImmutableArray<DiagnosticAnalyzer> analyzers)
        => _compilation.Clone()
            .WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false))
            .GetAnalyzerDiagnosticsAsync();
}
