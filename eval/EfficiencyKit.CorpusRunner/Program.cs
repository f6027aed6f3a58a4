using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using EfficiencyKit.Analyzers.Tests;
using EfficiencyKit.Analyzers.Tests.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace EfficiencyKit.CorpusRunner;

/// <summary>Scores our analyzers on the labelled development corpus. Usage: eval/README.md, or --help.</summary>
internal static class Program
{
    private const string Usage = """
        EfficiencyKit.CorpusRunner: scores the EK analyzers on the labelled corpus (eval/corpus/labels/*.tsv).

        For each labelled repository it extracts the labelled commit from the local mirror, compiles every project that
        holds a labelled file (with its project references) against .NET 10, ASP.NET Core and the real AI packages, runs
        all EK rules and matches their diagnostics to the labelled line ranges.

        Options:
          --labels DIR     label folder (default: eval/corpus/labels of this repository)
          --mirror DIR     mirror folder holding <owner>+<name>[/repo] git directories (default: /work/.mirror)
          --split S        dev (default), heldout or all. Tuning sessions use dev only and never look at held-out numbers.
          --out FILE       also write the result as JSON
          --sites          list every scored site with its outcome (default: only misses and false positives)
          --help           this text

        Exit codes: 0 scored; 2 bad arguments or a malformed label file (named file:line).
        """;

    public static async Task<int> Main(string[] args)
    {
        try
        {
            var options = Options.Parse(args);
            if (options is null)
            {
                Console.WriteLine(Usage);
                return 0;
            }

            var labels = LabelReader.ReadAll(options.Labels);
            var result = await RunAsync(options, labels).ConfigureAwait(false);
            Console.Write(Report.Markdown(result, options.ListAllSites));
            if (options.Out != null)
            {
                await File.WriteAllTextAsync(options.Out, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
                Console.WriteLine($"JSON result: {options.Out}");
            }

            return 0;
        }
        catch (CorpusException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 2;
        }
    }

    private static async Task<CorpusResult> RunAsync(Options options, List<Label> labels)
    {
        var total = Stopwatch.StartNew();
        var references = TestReferences.All;
        var byRepo = labels.GroupBy(l => l.Repo, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase).ToList();
        var splitCounts = byRepo.GroupBy(g => Split.Of(g.Key), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new SplitCount(g.Count(), g.Sum(r => r.Count()), g.Sum(r => r.Count(l => l.IsWaste))), StringComparer.Ordinal);
        var sites = new List<SiteResult>();
        var repos = new List<RepoResult>();
        var exceptions = new List<string>();
        var unlabelled = new List<UnlabelledDiagnostic>();
        foreach (var group in byRepo)
        {
            var repo = group.Key;
            var split = Split.Of(repo);
            if (options.Split != "all" && options.Split != split)
            {
                continue;
            }

            var watch = Stopwatch.StartNew();
            var gitDir = MirrorOf(options.Mirror, repo);
            if (gitDir is null)
            {
                repos.Add(new RepoResult(repo, split, group.First().Commit, "skipped: not in the mirror", 0, 0, 0, 0));
                sites.AddRange(group.Select(l => SiteResult.Unscored(l, split, "repository not in the mirror")));
                continue;
            }

            RepositoryProjects checkout;
            try
            {
                checkout = RepositoryProjects.Extract(gitDir, group.First().Commit, references);
            }
            catch (CorpusException e)
            {
                repos.Add(new RepoResult(repo, split, group.First().Commit, "skipped: " + e.Message, 0, 0, 0, 0));
                sites.AddRange(group.Select(l => SiteResult.Unscored(l, split, "commit not readable from the mirror")));
                continue;
            }

            using (checkout)
            {
                var (status, projects, files, errors) = await ScoreRepositoryAsync(checkout, [.. group], sites, exceptions, unlabelled).ConfigureAwait(false);
                var missing = checkout.MissingBlobs > 0 ? $"; {checkout.MissingBlobs} source/project file(s) absent from the mirror" : string.Empty;
                repos.Add(new RepoResult(repo, split, group.First().Commit, status + missing, projects, files, errors, Math.Round(watch.Elapsed.TotalSeconds, 2)));
            }
        }

        var scores = new Dictionary<string, ImmutableArray<FamilyScore>>(StringComparer.Ordinal);
        foreach (var split in options.Split == "all" ? new[] { "dev", "heldout", "all" } : [options.Split])
        {
            var inSplit = sites.Where(s => split == "all" || s.Split == split).ToList();
            scores[split] = [.. Families.Ordered.Select(f => FamilyScore.Of(f, inSplit.Where(s => s.Family == f))), FamilyScore.Of("total", inSplit)];
        }

        var unlabelledByRule = unlabelled.GroupBy(u => u.Rule, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new CorpusResult(options.Split, splitCounts, repos, scores, sites, exceptions, unlabelledByRule, unlabelled, Math.Round(total.Elapsed.TotalSeconds, 1));
    }

    private static async Task<(string Status, int Projects, int Files, int Errors)> ScoreRepositoryAsync(
        RepositoryProjects checkout, ImmutableArray<Label> labels, List<SiteResult> sites, List<string> exceptions, List<UnlabelledDiagnostic> unlabelled)
    {
        var repo = labels[0].Repo;
        var split = Split.Of(repo);
        var byProject = new Dictionary<string, List<Label>>(StringComparer.Ordinal);
        var notes = new List<string>();
        foreach (var label in labels)
        {
            if (!File.Exists(Path.Combine(checkout.Root, label.Path)))
            {
                notes.Add($"{label.Source}: {label.Path} is not in the commit (site not scored)");
                sites.Add(SiteResult.Unscored(label, split, "file missing"));
                continue;
            }

            var project = checkout.ProjectOf(label.Path);
            if (project is null)
            {
                notes.Add($"{label.Source}: {label.Path} belongs to no .csproj (site not scored)");
                sites.Add(SiteResult.Unscored(label, split, "no project"));
                continue;
            }

            (byProject.TryGetValue(project, out var list) ? list : byProject[project] = []).Add(label);
        }

        int fileCount = 0, errorCount = 0;
        foreach (var (project, projectLabels) in byProject.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var compilation = checkout.Compile(project);
            fileCount += compilation.SyntaxTrees.Count();
            var analysisOptions = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions([]),
                (exception, analyzer, diagnostic) =>
                {
                    lock (exceptions)
                    {
                        exceptions.Add($"{repo} {Path.GetFileName(project)}: {analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message}");
                    }
                },
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false);
            var diagnostics = await compilation.WithAnalyzers(RunnerAnalyzers.All, analysisOptions).GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
            foreach (var ad in diagnostics.Where(d => d.Id == "AD0001"))
            {
                exceptions.Add($"{repo} {Path.GetFileName(project)}: {ad.GetMessage(CultureInfo.InvariantCulture)}");
            }

            var ours = diagnostics.Where(d => d.Id.StartsWith("EK", StringComparison.Ordinal) && d.Location.IsInSource)
                .Select(d => (Diagnostic: d, Span: d.Location.GetLineSpan()))
                .Select(d => (d.Diagnostic.Id, Path: Relative(checkout.Root, d.Span.Path), Line: d.Span.StartLinePosition.Line + 1, Message: d.Diagnostic.GetMessage(CultureInfo.InvariantCulture)))
                .ToList();
            foreach (var label in projectLabels)
            {
                var tree = compilation.SyntaxTrees.FirstOrDefault(t => Relative(checkout.Root, t.FilePath) == label.Path);
                if (tree is null)
                {
                    notes.Add($"{label.Source}: {label.Path} is excluded from {Path.GetFileName(project)}'s sources (site not scored)");
                    sites.Add(SiteResult.Unscored(label, split, "not compiled"));
                    continue;
                }

                var text = tree.GetText();
                var model = compilation.GetSemanticModel(tree);
                var fileErrors = model.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                var range = LineRange(text, label.StartLine, label.EndLine);
                var rangeErrors = fileErrors.Where(d => d.Location.SourceSpan.IntersectsWith(range)).Select(d => $"{d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}").ToList();
                errorCount += fileErrors.Count;
                var rules = Families.Rules[label.Family];
                var matches = ours.Where(d => d.Path == label.Path && d.Line >= label.StartLine && d.Line <= label.EndLine && rules.Contains(d.Id))
                    .Select(d => $"{d.Id}({d.Line}): {d.Message}").ToList();
                sites.Add(new SiteResult(label.Repo, split, label.Path, label.StartLine, label.EndLine, label.Family, label.Rule, label.IsWaste, label.Note,
                    Scored: true, Status: "scored", Reported: matches.Count > 0, Matches: matches, BindingErrorsInRange: rangeErrors, BindingErrorsInFile: fileErrors.Count));
            }

            foreach (var d in ours)
            {
                if (!labels.Any(l => l.Path == d.Path && d.Line >= l.StartLine && d.Line <= l.EndLine))
                {
                    unlabelled.Add(new UnlabelledDiagnostic(repo, split, d.Path, d.Line, d.Id, d.Message));
                }
            }
        }

        var status = notes.Count == 0 ? "ok" : "ok; " + string.Join("; ", notes);
        return (status, byProject.Count, fileCount, errorCount);
    }

    private static TextSpan LineRange(SourceText text, int startLine, int endLine)
    {
        var last = text.Lines.Count;
        var start = text.Lines[Math.Min(startLine, last) - 1].Start;
        var end = text.Lines[Math.Min(endLine, last) - 1].End;
        return TextSpan.FromBounds(start, end);
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>The git directory of a repository in the mirror: &lt;mirror&gt;/&lt;owner&gt;+&lt;name&gt;/repo, or that folder itself when it is a git directory.</summary>
    private static string? MirrorOf(string mirror, string repo)
    {
        var folder = Path.Combine(mirror, repo.Replace('/', '+'));
        foreach (var candidate in new[] { Path.Combine(folder, "repo"), folder })
        {
            if (File.Exists(Path.Combine(candidate, "HEAD")))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>The command line.</summary>
internal sealed record Options(string Labels, string Mirror, string Split, string? Out, bool ListAllSites)
{
    /// <summary>The parsed options, or null when --help was asked for.</summary>
    public static Options? Parse(string[] args)
    {
        var labels = Path.Combine(RuleCatalog.RepoRoot, "eval", "corpus", "labels");
        var mirror = "/work/.mirror";
        var split = "dev";
        string? output = null;
        var all = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : throw new CorpusException($"{args[i]} needs a value (see --help)");
            switch (args[i])
            {
                case "--help" or "-h" or "-?":
                    return null;
                case "--labels":
                    labels = Value();
                    break;
                case "--mirror":
                    mirror = Value();
                    if (!Directory.Exists(mirror))
                    {
                        throw new CorpusException($"mirror folder '{mirror}' does not exist");
                    }

                    break;
                case "--split":
                    split = Value();
                    if (split is not ("dev" or "heldout" or "all"))
                    {
                        throw new CorpusException($"--split must be dev, heldout or all, not '{split}'");
                    }

                    break;
                case "--out":
                    output = Value();
                    break;
                case "--sites":
                    all = true;
                    break;
                default:
                    throw new CorpusException($"unknown argument '{args[i]}' (see --help)");
            }
        }

        return new Options(labels, mirror, split, output, all);
    }
}

internal sealed record SplitCount(int Repositories, int Sites, int Waste);

internal sealed record RepoResult(string Repo, string Split, string Commit, string Status, int Projects, int SourceFiles, int CompileErrors, double Seconds);

internal sealed record UnlabelledDiagnostic(string Repo, string Split, string Path, int Line, string Rule, string Message);

internal sealed record SiteResult(
    string Repo, string Split, string Path, int StartLine, int EndLine, string Family, string Rule, bool IsWaste, string Note,
    bool Scored, string Status, bool Reported, List<string> Matches, List<string> BindingErrorsInRange, int BindingErrorsInFile)
{
    public string Outcome => !Scored ? "unscored" : (IsWaste, Reported) switch
    {
        (true, true) => "TP",
        (true, false) => "FN",
        (false, true) => "FP",
        (false, false) => "TN",
    };

    public static SiteResult Unscored(Label label, string split, string why)
        => new(label.Repo, split, label.Path, label.StartLine, label.EndLine, label.Family, label.Rule, label.IsWaste, label.Note, false, why, false, [], [], 0);
}

internal sealed record FamilyScore(string Family, int Sites, int Waste, int Correct, int TP, int FP, int FN, int TN, int Unscored, double? Precision, double? Recall, int MissesWithBindingErrorInRange)
{
    public static FamilyScore Of(string family, IEnumerable<SiteResult> sites)
    {
        var list = sites.ToList();
        var scored = list.Where(s => s.Scored).ToList();
        int Count(string outcome) => scored.Count(s => s.Outcome == outcome);
        int tp = Count("TP"), fp = Count("FP"), fn = Count("FN"), tn = Count("TN");
        return new FamilyScore(family, list.Count, list.Count(s => s.IsWaste), list.Count(s => !s.IsWaste), tp, fp, fn, tn, list.Count - scored.Count,
            tp + fp == 0 ? null : Math.Round((double)tp / (tp + fp), 3),
            tp + fn == 0 ? null : Math.Round((double)tp / (tp + fn), 3),
            scored.Count(s => s.Outcome == "FN" && s.BindingErrorsInRange.Count > 0));
    }
}

internal sealed record CorpusResult(
    string Split, Dictionary<string, SplitCount> SplitCounts, List<RepoResult> Repositories, Dictionary<string, ImmutableArray<FamilyScore>> Scores,
    List<SiteResult> Sites, List<string> AnalyzerExceptions, Dictionary<string, int> UnlabelledDiagnosticsByRule, List<UnlabelledDiagnostic> UnlabelledDiagnostics, double Seconds);

/// <summary>The markdown the runner prints.</summary>
internal static class Report
{
    public static string Markdown(CorpusResult result, bool allSites)
    {
        var s = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        SplitCount Side(string split) => result.SplitCounts.TryGetValue(split, out var c) ? c : new SplitCount(0, 0, 0);
        s.AppendLine(ci, $"# EfficiencyKit corpus run (split: {result.Split})");
        s.AppendLine();
        s.AppendLine(ci, $"Labels: dev {Side("dev").Repositories} repositories / {Side("dev").Sites} sites ({Side("dev").Waste} waste); held-out {Side("heldout").Repositories} repositories / {Side("heldout").Sites} sites ({Side("heldout").Waste} waste).");
        s.AppendLine();
        s.AppendLine("| repository | split | projects | .cs files | compile errors | seconds | status |");
        s.AppendLine("|---|---|---:|---:|---:|---:|---|");
        foreach (var r in result.Repositories)
        {
            s.AppendLine(ci, $"| {r.Repo} | {r.Split} | {r.Projects} | {r.SourceFiles} | {r.CompileErrors} | {r.Seconds:F1} | {r.Status} |");
        }

        foreach (var (split, scores) in result.Scores)
        {
            s.AppendLine();
            s.AppendLine(ci, $"## Scores: {split}");
            s.AppendLine();
            s.AppendLine("| family | sites | waste | correct | TP | FP | FN | TN | unscored | precision | recall | misses with a binding error in range |");
            s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var f in scores)
            {
                var name = f.Family == "total" ? "**total**" : f.Family;
                s.AppendLine(ci, $"| {name} | {f.Sites} | {f.Waste} | {f.Correct} | {f.TP} | {f.FP} | {f.FN} | {f.TN} | {f.Unscored} | {Ratio(f.Precision)} | {Ratio(f.Recall)} | {f.MissesWithBindingErrorInRange} |");
            }
        }

        s.AppendLine();
        s.AppendLine(ci, $"## Sites ({(allSites ? "all" : "misses, false positives and unscored")})");
        s.AppendLine();
        foreach (var site in result.Sites.Where(x => allSites || x.Outcome is "FN" or "FP" or "unscored"))
        {
            var errors = site.BindingErrorsInRange.Count > 0 ? $"; {site.BindingErrorsInRange.Count} binding error(s) in range, first: {site.BindingErrorsInRange[0]}" : string.Empty;
            var matched = site.Matches.Count > 0 ? $"; reported: {site.Matches[0]}" : string.Empty;
            s.AppendLine(ci, $"- {site.Outcome} {site.Family}/{site.Rule} {site.Repo}:{site.Path}:{site.StartLine}-{site.EndLine} ({site.Status}; {site.BindingErrorsInFile} errors in file{errors}{matched}) {site.Note}");
        }

        s.AppendLine();
        s.AppendLine(ci, $"## Analyzer exceptions (AD0001): {result.AnalyzerExceptions.Count}");
        foreach (var e in result.AnalyzerExceptions.Take(30))
        {
            s.AppendLine("- " + e);
        }

        s.AppendLine();
        s.AppendLine(ci, $"## EK diagnostics on unlabelled lines: {result.UnlabelledDiagnostics.Count}");
        s.AppendLine();
        foreach (var (rule, count) in result.UnlabelledDiagnosticsByRule)
        {
            s.AppendLine(ci, $"- {rule}: {count}");
        }

        foreach (var u in result.UnlabelledDiagnostics.Take(allSites ? int.MaxValue : 40))
        {
            s.AppendLine(ci, $"  - {u.Rule} {u.Repo}:{u.Path}:{u.Line}: {u.Message}");
        }

        s.AppendLine();
        s.AppendLine(ci, $"Run time: {result.Seconds:F1} s.");
        return s.ToString();
    }

    private static string Ratio(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "n/a";
}
