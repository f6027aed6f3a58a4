using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using EfficiencyKit.Analyzers.Tests;
using EfficiencyKit.Analyzers.Tests.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// Runs every EfficiencyKit analyzer over folders of real-world C# (one compilation per folder, against the
/// reference pack and the real AI packages of TestReferences.All; types of other packages are unresolved, compile
/// errors the analyzers must tolerate) and reports: analyzer exceptions (must be zero), diagnostics per rule with
/// a sample of sites for precision review, and analyzer time against compilation time.
/// Usage: analyzer-corpus &lt;folder with one sub-folder per repository&gt; [samples per rule = 15]
/// </summary>
internal static class AnalyzerCorpusRun
{
    public static async Task RunAsync(string[] args)
    {
        var root = args.Length > 0 ? args[0] : "/tmp/ek-corpus";
        var samples = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15;
        var analyzers = RuleCatalog.Analyzers.ToImmutableArray();
        var references = TestReferences.All;
        var byRule = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var exceptions = new ConcurrentBag<string>();
        long totalFiles = 0;
        var compileTime = TimeSpan.Zero;
        var analyzerTime = TimeSpan.Zero;
        var perAnalyzer = new SortedDictionary<string, TimeSpan>(StringComparer.Ordinal);
        Console.WriteLine($"{analyzers.Length} analyzers; corpus {root}");
        Console.WriteLine("| repository | .cs files | compile errors | EfficiencyKit diagnostics | compile (s) | our analyzers (s) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var repository in Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal))
        {
            var files = CorpusCompilation.SourceFiles(repository);
            var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), CorpusCompilation.ParseOptions, path: f)).ToList();
            var compilation = CSharpCompilation.Create(Path.GetFileName(repository), trees, references, CorpusCompilation.Options);
            var watch = Stopwatch.StartNew();
            var errors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
            var compile = watch.Elapsed;
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions([]),
                (exception, analyzer, diagnostic) => exceptions.Add($"{analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message} at {diagnostic.Location.GetLineSpan()}"),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: true);
            var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
            var telemetry = await withAnalyzers.GetAnalysisResultAsync(default);
            var ours = TimeSpan.FromTicks(telemetry.AnalyzerTelemetryInfo.Values.Sum(t => t.ExecutionTime.Ticks));
            foreach (var (analyzer, info) in telemetry.AnalyzerTelemetryInfo)
            {
                var name = analyzer.GetType().Name;
                perAnalyzer[name] = (perAnalyzer.TryGetValue(name, out var sum) ? sum : TimeSpan.Zero) + info.ExecutionTime;
            }

            foreach (var diagnostic in diagnostics)
            {
                if (diagnostic.Id == "AD0001")
                {
                    exceptions.Add(diagnostic.GetMessage());
                    continue;
                }

                var span = diagnostic.Location.GetLineSpan();
                var list = byRule.TryGetValue(diagnostic.Id, out var existing) ? existing : byRule[diagnostic.Id] = [];
                list.Add($"{Path.GetRelativePath(root, span.Path)}({span.StartLinePosition.Line + 1}): {diagnostic.Severity}: {diagnostic.GetMessage()}");
            }

            totalFiles += files.Length;
            compileTime += compile;
            analyzerTime += ours;
            Console.WriteLine(FormattableString.Invariant($"| {Path.GetFileName(repository)} | {files.Length} | {errors} | {diagnostics.Count(d => d.Id.StartsWith("EK", StringComparison.Ordinal))} | {compile.TotalSeconds:F1} | {ours.TotalSeconds:F2} |"));
        }

        Console.WriteLine(FormattableString.Invariant($"total: {totalFiles} files, compile {compileTime.TotalSeconds:F1} s, our analyzers {analyzerTime.TotalSeconds:F2} s ({100 * analyzerTime.TotalSeconds / Math.Max(compileTime.TotalSeconds, 1e-9):F1}% of compile), analyzer exceptions: {exceptions.Count}"));
        // Which analyzer the time goes to: the first thing to look at when the total grows.
        foreach (var (name, time) in perAnalyzer.OrderByDescending(p => p.Value))
        {
            Console.WriteLine(FormattableString.Invariant($"  {name}: {time.TotalSeconds:F3} s"));
        }

        foreach (var exception in exceptions.Take(20))
        {
            Console.WriteLine("  exception: " + exception);
        }

        foreach (var (id, sites) in byRule)
        {
            Console.WriteLine($"{id}: {sites.Count} diagnostics; sample:");
            foreach (var site in sites.OrderBy(s => s.GetHashCode()).Take(samples))
            {
                Console.WriteLine("  " + site);
            }
        }
    }
}
