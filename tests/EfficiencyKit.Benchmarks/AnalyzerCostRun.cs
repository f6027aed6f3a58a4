using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using EfficiencyKit.Analyzers.Tests;
using EfficiencyKit.Analyzers.Tests.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// Our analyzers' cost next to the SDK's NetAnalyzers (issue 16's yardstick), on one compilation of a large real repository:
/// every non-test .cs file under the folder in one library, against the reference pack (.NET, ASP.NET Core and the real AI
/// packages of <c>TestReferences.All</c>) plus the SDK's implicit global usings. Both analyzer sets run in ONE
/// <see cref="CompilationWithAnalyzers"/> (not concurrent, so each analyzer's execution time is its own CPU time on one
/// thread), every EK rule switched on and NetAnalyzers' rules either all on as warnings (<c>--net-rules all</c>, what
/// <c>AnalysisMode=All</c> does; the default) or each at its own default (<c>--net-rules default</c>, a plain build), on a
/// fresh compilation per repeat, after one warm-up repeat that is not counted (<c>--no-warm-up</c> skips it). Prints, per repeat and as median [min–max]: NetAnalyzers' total execution time, ours, the
/// ratio, and our analyzers one by one; the diagnostics per EK rule (identical before and after an optimisation) and AD0001.
/// Usage: see <see cref="Usage"/>.
/// </summary>
internal static class AnalyzerCostRun
{
    private static readonly string[] s_implicitUsings = ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private const string Usage = "Usage: analyzer-cost <folder> [repeats = 5] [--net-rules all|default|recommended|minimum] [--no-warm-up] [--ours-only] [--all-files] [--no-implicit-usings] [--sdk-analyzers DIR] [--editorconfig] [--probe] [--marginal [--marginal-of probes[:N]|ANALYZER,...]]";

    private static readonly string[] s_flags = ["--no-warm-up", "--ours-only", "--all-files", "--no-implicit-usings", "--probe", "--net-rules", "--sdk-analyzers", "--marginal", "--marginal-of", "--editorconfig"];

    private static async Task UsageErrorAsync(string message)
    {
        await Console.Error.WriteLineAsync($"{message} {Usage}");
        Environment.ExitCode = 2;
    }

    public static async Task RunAsync(string[] args)
    {
        if (args.Any(a => a is "--help" or "-h" or "-?"))
        {
            Console.WriteLine(Usage);
            return;
        }

        if (args.FirstOrDefault(a => a.StartsWith('-') && !s_flags.Contains(a)) is { } unknown)
        {
            await UsageErrorAsync($"Unrecognized option '{unknown}'.");
            return;
        }

        var positional = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] is not ("--net-rules" or "--sdk-analyzers" or "--marginal-of"))).ToList();
        var folder = Path.GetFullPath(positional.Count > 0 ? positional[0] : ".");
        var repeats = positional.Count > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 5;
        var allFiles = args.Contains("--all-files");
        var implicitUsings = !args.Contains("--no-implicit-usings");
        var sdkIndex = Array.IndexOf(args, "--sdk-analyzers");
        var sdkAnalyzers = sdkIndex >= 0 ? args[sdkIndex + 1] : DefaultSdkAnalyzerFolder();
        // "all": every NetAnalyzers rule as a warning (AnalysisMode=All); "default": each rule at its own default (a plain
        // build); "recommended" and "minimum": the SDK's own global config for that AnalysisMode at this SDK's analysis level.
        var netRules = Array.IndexOf(args, "--net-rules") is >= 0 and var rulesIndex ? args[rulesIndex + 1] : "all";
        if (netRules is not ("all" or "default" or "recommended" or "minimum"))
        {
            await UsageErrorAsync($"--net-rules takes 'all', 'default', 'recommended' or 'minimum', not '{netRules}'.");
            return;
        }

        var modeConfig = netRules is "recommended" or "minimum"
            ? Path.Combine(sdkAnalyzers, "build", "config", $"analysislevel_{Environment.Version.Major}_{netRules}.globalconfig")
            : null;
        if (modeConfig is not null && !File.Exists(modeConfig))
        {
            await UsageErrorAsync($"--net-rules {netRules} reads the SDK's '{modeConfig}', which does not exist (pass --sdk-analyzers DIR of an SDK that has it).");
            return;
        }

        if (!Directory.Exists(folder))
        {
            await UsageErrorAsync($"Folder '{folder}' does not exist.");
            return;
        }

        var files = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => IsSource(folder, f, allFiles))
            .Order(StringComparer.Ordinal)
            .ToList();
        var parse = CorpusCompilation.ParseOptions;
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, path: f)).ToList();
        if (implicitUsings)
        {
            trees.Add(CSharpSyntaxTree.ParseText(string.Concat(s_implicitUsings.Select(u => $"global using {u};\n")), parse, path: Path.Combine(folder, "obj", "GlobalUsings.g.cs")));
        }

        var ours = RuleCatalog.Analyzers.ToImmutableArray();
        // --ours-only: our analyzers alone, for a profiler run (perf with DOTNET_PerfMapEnabled=1) of just their cost.
        var netAnalyzers = args.Contains("--ours-only") ? [] : LoadNetAnalyzers(sdkAnalyzers);
        var everyRule = ours.Concat(netRules == "all" ? netAnalyzers : [])
            .SelectMany(a => a.SupportedDiagnostics)
            .Select(d => d.Id)
            .Distinct(StringComparer.Ordinal)
            .ToImmutableDictionary(id => id, _ => ReportDiagnostic.Warn, StringComparer.Ordinal);
        var modeSeverities = modeConfig is null ? null : AnalysisModeSeverities.Read(modeConfig);
        if (modeSeverities is not null)
        {
            everyRule = everyRule.SetItems(modeSeverities);
        }

        var options = CorpusCompilation.Options.WithSpecificDiagnosticOptions(everyRule);
        // --editorconfig: the repository's own .editorconfig severities on top, as its build applies them (Semantic
        // Kernel builds with AnalysisMode=AllEnabledByDefault and turns rules off and on in its .editorconfig).
        if (args.Contains("--editorconfig"))
        {
            var (configFiles, severities) = EditorConfigSeverities.Read(folder, trees);
            options = options.WithSyntaxTreeOptionsProvider(severities);
            Console.WriteLine($"editorconfig: {configFiles.Count} files ({string.Join(", ", configFiles.Select(f => Path.GetRelativePath(folder, f)))}), severities for {severities.RulesConfigured} rules");
        }

        var oursSet = ours.ToHashSet();

        // --probe: two analyzers whose callbacks do nothing, counted apart from both sets: the dispatch floor.
        ImmutableArray<DiagnosticAnalyzer> probes = args.Contains("--probe") ? [new EmptyCallbackProbe(onSyntax: false), new EmptyCallbackProbe(onSyntax: true)] : [];
        var probeSet = probes.ToHashSet();

        Console.WriteLine($"CPU: {HostCpu.ModelName() ?? "unknown"} ({Environment.ProcessorCount} logical CPUs visible); .NET {Environment.Version}");
        Console.WriteLine($"folder {folder}: {files.Count} {(allFiles ? string.Empty : "non-test ")}.cs files{(implicitUsings ? " + implicit usings" : string.Empty)}");
        Console.WriteLine($"NetAnalyzers: {netAnalyzers.Length} analyzers from {sdkAnalyzers}, {netAnalyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().Count()} rules, {(netRules == "all" ? "all enabled as warnings (AnalysisMode=All)" : modeSeverities is not null ? $"AnalysisMode={netRules} from {Path.GetFileName(modeConfig)} ({modeSeverities.Count} rules set) over each rule's default" : $"each at its default ({netAnalyzers.SelectMany(a => a.SupportedDiagnostics).Where(d => d.IsEnabledByDefault).Select(d => d.Id).Distinct().Count()} enabled)")}; ours: {ours.Length} analyzers");

        if (args.Contains("--marginal"))
        {
            if (netAnalyzers.IsEmpty)
            {
                await UsageErrorAsync("--marginal compares runs with and without ours next to NetAnalyzers; it cannot go with --ours-only.");
                return;
            }

            // --marginal-of: what one or a few of ours add (type names, comma-separated), or two analyzers with empty callbacks.
            var added = ours;
            if (Array.IndexOf(args, "--marginal-of") is >= 0 and var addedIndex)
            {
                var names = addedIndex + 1 < args.Length ? args[addedIndex + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
                // probes:N adds N of each kind of empty analyzer, so that their floor rises above the run-to-run noise.
                var probeCount = names is [var only] && only.StartsWith("probes", StringComparison.Ordinal)
                    ? (only == "probes" ? 1 : int.TryParse(only.AsSpan("probes:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && only.StartsWith("probes:", StringComparison.Ordinal) && count > 0 ? count : -1)
                    : 0;
                added = probeCount > 0
                    ? [.. Enumerable.Range(0, probeCount).SelectMany(_ => new DiagnosticAnalyzer[] { new EmptyCallbackProbe(onSyntax: false), new EmptyCallbackProbe(onSyntax: true) })]
                    : [.. ours.Where(a => names.Contains(a.GetType().Name))];
                if (probeCount < 0 || (probeCount == 0 && added.Length != names.Length))
                {
                    await UsageErrorAsync($"--marginal-of takes 'probes', 'probes:N' or our analyzers' type names, comma-separated ({string.Join(", ", ours.Select(a => a.GetType().Name))}).");
                    return;
                }
            }

            await AnalyzerMarginalCost.RunAsync(() => CSharpCompilation.Create(Path.GetFileName(folder), trees, TestReferences.All, options), netAnalyzers, added, repeats, warmUp: !args.Contains("--no-warm-up"));
            return;
        }

        var runs = new List<Run>();
        for (var repeat = args.Contains("--no-warm-up") ? 1 : 0; repeat <= repeats; repeat++)
        {
            // A fresh compilation each time: nothing bound by the previous repeat is reused.
            var compilation = CSharpCompilation.Create(Path.GetFileName(folder), trees, TestReferences.All, options);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var errors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
            var compile = watch.Elapsed;
            var exceptions = new List<string>();
            var withAnalyzers = compilation.WithAnalyzers(
                ours.AddRange(netAnalyzers).AddRange(probes),
                new CompilationWithAnalyzersOptions(
                    new AnalyzerOptions([]),
                    (exception, analyzer, diagnostic) => { lock (exceptions) { exceptions.Add($"{analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message}"); } },
                    concurrentAnalysis: false,
                    logAnalyzerExecutionTime: true));
            // The previous repeat's compilation is garbage now: collect it here, or the collector reclaims it during this
            // analysis and the pause is charged to whichever analyzer is running.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            watch.Restart();
            var result = await withAnalyzers.GetAnalysisResultAsync(default);
            var wall = watch.Elapsed;
            var diagnostics = result.GetAllDiagnostics();
            var run = new Run(
                errors,
                compile,
                wall,
                result.AnalyzerTelemetryInfo.Where(p => !oursSet.Contains(p.Key) && !probeSet.Contains(p.Key)).Sum(p => p.Value.ExecutionTime.TotalSeconds),
                result.AnalyzerTelemetryInfo.Where(p => oursSet.Contains(p.Key)).ToDictionary(p => p.Key.GetType().Name, p => p.Value.ExecutionTime.TotalSeconds, StringComparer.Ordinal),
                diagnostics.Where(d => d.Id.StartsWith("EK", StringComparison.Ordinal)).GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
                diagnostics.Count(d => d.Id == "AD0001") + exceptions.Count,
                diagnostics.Count(d => d.Id.StartsWith("CA", StringComparison.Ordinal)));
            foreach (var exception in exceptions.Concat(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage(CultureInfo.InvariantCulture))).Distinct().Take(10))
            {
                Console.WriteLine("  exception: " + exception);
            }

            Console.WriteLine(FormattableString.Invariant($"{(repeat == 0 ? "warm-up" : $"repeat {repeat}")}: compile errors {errors}, compile {compile.TotalSeconds:F1} s, analysis wall {wall.TotalSeconds:F1} s, NetAnalyzers {run.NetAnalyzers:F2} s, ours {run.Ours:F3} s ({100 * run.Ours / Math.Max(run.NetAnalyzers, 1e-9):F1}%), CA diagnostics {run.CaDiagnostics}, AD0001 {run.Ad0001}"));
            Console.WriteLine("  ours, largest first: " + string.Join(", ", run.PerAnalyzer.OrderByDescending(p => p.Value).Take(6).Select(p => FormattableString.Invariant($"{p.Key} {p.Value:F2} s"))));
            if (probes.Length > 0)
            {
                // What one NetAnalyzers analyzer costs, to set beside the floor the probes show.
                var net = result.AnalyzerTelemetryInfo.Where(p => !oursSet.Contains(p.Key) && !probeSet.Contains(p.Key)).Select(p => p.Value.ExecutionTime.TotalSeconds).Order().ToList();
                Console.WriteLine("  probes (empty callbacks): " + string.Join(", ", result.AnalyzerTelemetryInfo.Where(p => probeSet.Contains(p.Key)).Select(p => FormattableString.Invariant($"{((EmptyCallbackProbe)p.Key).Name} {p.Value.ExecutionTime.TotalSeconds:F3} s"))));
                Console.WriteLine(FormattableString.Invariant($"  NetAnalyzers per analyzer: {net.Count} with telemetry, median {Median(net):F3} s, 90th percentile {net[(int)(0.9 * (net.Count - 1))]:F3} s, largest {net[^1]:F3} s"));
            }
            if (repeat > 0)
            {
                runs.Add(run);
            }

            // The first repeat is a warm-up (JIT of both analyzer sets); its figures are printed but not counted.
        }

        if (runs.Count == 0)
        {
            return;
        }

        var last = runs[^1];
        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant($"{runs.Count} repeats (after one warm-up), median [min–max]:"));
        Console.WriteLine("| repository | files | compile errors | NetAnalyzers (s) | ours (s) | ours / NetAnalyzers |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Console.WriteLine(FormattableString.Invariant($"| {Path.GetFileName(folder)} | {files.Count} | {last.Errors} | {Spread(runs.Select(r => r.NetAnalyzers), "F2")} | {Spread(runs.Select(r => r.Ours), "F3")} | {Spread(runs.Select(r => 100 * r.Ours / r.NetAnalyzers), "F1")}% |"));
        Console.WriteLine();
        Console.WriteLine("| our analyzer | s |");
        Console.WriteLine("|---|---:|");
        foreach (var name in last.PerAnalyzer.Keys.OrderByDescending(n => Median(runs.Select(r => r.PerAnalyzer.GetValueOrDefault(n)))))
        {
            Console.WriteLine(FormattableString.Invariant($"| {name} | {Spread(runs.Select(r => r.PerAnalyzer.GetValueOrDefault(name)), "F3")} |"));
        }

        Console.WriteLine();
        Console.WriteLine("EK diagnostics: " + string.Join(", ", last.ByRule.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}")) + $"; AD0001 {last.Ad0001}");
    }

    internal static string Spread(IEnumerable<double> values, string format)
    {
        var list = values.ToList();
        return $"{Median(list).ToString(format, CultureInfo.InvariantCulture)} [{list.Min().ToString(format, CultureInfo.InvariantCulture)}–{list.Max().ToString(format, CultureInfo.InvariantCulture)}]";
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Source files a build of the repository's shipping projects compiles: no bin/obj/hidden folders and, unless asked, no folder or file named like a test.</summary>
    private static bool IsSource(string folder, string file, bool allFiles)
    {
        var parts = Path.GetRelativePath(folder, file).Split(Path.DirectorySeparatorChar);
        if (parts.Take(parts.Length - 1).Any(p => p is "bin" or "obj" || p.StartsWith('.')))
        {
            return false;
        }

        return allFiles || !parts.Any(p => p.Contains("test", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The analyzers folder of the SDK this process runs on (…/sdk/&lt;version&gt;/Sdks/Microsoft.NET.Sdk/analyzers), the newest SDK if several.</summary>
    private static string DefaultSdkAnalyzerFolder()
    {
        var dotnetRoot = Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root ? root : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        return Directory.GetDirectories(Path.Combine(dotnetRoot, "sdk"))
            .Select(d => Path.Combine(d, "Sdks", "Microsoft.NET.Sdk", "analyzers"))
            .Where(Directory.Exists)
            .OrderByDescending(d => d, StringComparer.Ordinal)
            .FirstOrDefault() ?? throw new InvalidOperationException("No SDK analyzers folder found; pass --sdk-analyzers DIR.");
    }

    /// <summary>The C# analyzers of Microsoft.CodeAnalysis.NetAnalyzers.dll and Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll.</summary>
    private static ImmutableArray<DiagnosticAnalyzer> LoadNetAnalyzers(string folder)
    {
        var loader = new Loader();
        var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        foreach (var name in new[] { "Microsoft.CodeAnalysis.NetAnalyzers.dll", "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll" })
        {
            var reference = new AnalyzerFileReference(Path.Combine(folder, name), loader);
            reference.AnalyzerLoadFailed += (_, e) => Console.WriteLine($"  load failure {name}: {e.ErrorCode} {e.TypeName} {e.Message}");
            analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
        }

        return analyzers.ToImmutable();
    }

    private sealed record Run(int Errors, TimeSpan Compile, TimeSpan Wall, double NetAnalyzers, Dictionary<string, double> PerAnalyzer, Dictionary<string, int> ByRule, int Ad0001, int CaDiagnostics)
    {
        public double Ours => PerAnalyzer.Values.Sum();
    }

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
