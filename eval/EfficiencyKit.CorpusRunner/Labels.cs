using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace EfficiencyKit.CorpusRunner;

/// <summary>One labelled site: a range of lines in one file of one repository at one commit.</summary>
internal sealed record Label(string Repo, string Commit, string Path, int StartLine, int EndLine, string Family, string Rule, bool IsWaste, string Note, string Source);

/// <summary>The families of the corpus and the rules that count for each (a site is reported by its rule or any rule of its family).</summary>
internal static class Families
{
    public static ImmutableDictionary<string, ImmutableArray<string>> Rules { get; } = new Dictionary<string, ImmutableArray<string>>(StringComparer.Ordinal)
    {
        ["per-call-client"] = ["EK1001"],
        ["unbatched"] = ["EK1101", "EK1102"],
        ["output-cap"] = ["EK1301"],
        ["effort"] = ["EK1302"],
        ["precision"] = ["EK1201", "EK1203", "EK1204", "EK1205", "EK1206", "EK1207", "EK1208"],
        ["repeated-request"] = ["EK1401", "EK1402", "EK1403"],
        ["vector-math"] = ["EK1501"],
        // EK1601 (a model over the project's energy budget) is a model-choice finding too.
        ["oversized-model"] = ["EK1202", "EK1601"],
    }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>The families in the order the tables print them.</summary>
    public static ImmutableArray<string> Ordered { get; } = ["per-call-client", "unbatched", "output-cap", "effort", "precision", "repeated-request", "vector-math", "oversized-model"];

    public static string? FamilyOf(string rule) => Rules.FirstOrDefault(pair => pair.Value.Contains(rule)).Key;
}

/// <summary>The held-out split: decided by the repository's name alone, so no session chooses it.</summary>
internal static class Split
{
    /// <summary>SHA-256 of "owner/name" in lower case; held out when its first byte is below 77 (about 30% of repositories).</summary>
    public static bool IsHeldOut(string repo) => SHA256.HashData(Encoding.UTF8.GetBytes(repo.ToLowerInvariant()))[0] < 77;

    public static string Of(string repo) => IsHeldOut(repo) ? "heldout" : "dev";
}

/// <summary>Reads eval/corpus/labels/*.tsv strictly: any malformed row is an error naming file:line.</summary>
internal static partial class LabelReader
{
    public const string Header = "repo\tcommit\tpath\tstart_line\tend_line\tfamily\trule\tis_waste\tnote";

    /// <summary>The repositories the issue reserves for acceptance: never labelled, so a label file naming one is an error.</summary>
    public static ImmutableHashSet<string> Reserved { get; } = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "Azure-Samples/azure-search-openai-demo-csharp", "AzureCosmosDB/cosmosdb-nosql-copilot", "Lemcube/netcore-onnx-fast-neural-style",
        "cassiebreviu/StableDiffusion", "dotnet/ai-samples", "dotnet/eShop", "dotnet/eShopSupport", "dotnet/extensions", "dotnet/smartcomponents",
        "gnovack/sklearn-dotnet", "hanhead/OpenAISharp", "itbusina/rag", "leobrowaldh/SpiritualGuide", "microsoft/Generative-AI-for-beginners-dotnet",
        "microsoft/ai-dev-gallery", "microsoft/chat-copilot", "microsoft/kernel-memory", "microsoft/onnxruntime-inference-examples",
        "microsoft/semantic-kernel", "myonathanlinkedin/mcp-rag-scanner", "openai/openai-dotnet");

    public static List<Label> ReadAll(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new CorpusException($"label folder '{folder}' does not exist");
        }

        var files = Directory.GetFiles(folder, "*.tsv").OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new CorpusException($"no *.tsv label files in '{folder}'");
        }

        var labels = new List<Label>();
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in files)
        {
            var read = Read(file);
            var repo = read[0].Repo;
            if (seen.TryGetValue(repo, out var other))
            {
                throw new CorpusException($"{file}:2: repository {repo} is also labelled in {other}; one file per repository");
            }

            seen[repo] = file;
            labels.AddRange(read);
        }

        return labels;
    }

    public static List<Label> Read(string file)
    {
        var lines = File.ReadAllLines(file, new UTF8Encoding(false, true));
        var name = System.IO.Path.GetFileName(file);
        if (lines.Length == 0 || lines[0].TrimStart('\uFEFF').TrimEnd('\r') != Header)
        {
            throw new CorpusException($"{file}:1: the first line must be the header '{Header.Replace("\t", "<TAB>", StringComparison.Ordinal)}'");
        }

        var labels = new List<Label>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var where = $"{file}:{i + 1}";
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != 9)
            {
                throw new CorpusException($"{where}: {fields.Length} tab-separated fields, expected 9 ({Header.Replace("\t", ", ", StringComparison.Ordinal)})");
            }

            var (repo, commit, path, start, end, family, rule, waste, note) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6], fields[7], fields[8]);
            if (!RepoPattern().IsMatch(repo))
            {
                throw new CorpusException($"{where}: repo '{repo}' is not owner/name");
            }

            if (Reserved.Contains(repo))
            {
                throw new CorpusException($"{where}: {repo} is reserved for acceptance and must never be labelled");
            }

            var expectedName = repo.Replace("/", "__", StringComparison.Ordinal) + ".tsv";
            if (!string.Equals(name, expectedName, StringComparison.Ordinal))
            {
                throw new CorpusException($"{where}: repo {repo} belongs in a file named {expectedName}, not {name}");
            }

            if (!CommitPattern().IsMatch(commit))
            {
                throw new CorpusException($"{where}: commit '{commit}' is not 40 lower-case hex digits");
            }

            if (labels.Count > 0 && (labels[0].Repo != repo || labels[0].Commit != commit))
            {
                throw new CorpusException($"{where}: every row of a file names the same repo and commit ({labels[0].Repo} {labels[0].Commit})");
            }

            if (path.Length == 0 || path.Contains('\\', StringComparison.Ordinal) || path.StartsWith('/') || path.Split('/').Any(p => p is "" or "." or ".."))
            {
                throw new CorpusException($"{where}: path '{path}' must be repository-relative with forward slashes");
            }

            if (!int.TryParse(start, NumberStyles.None, CultureInfo.InvariantCulture, out var startLine) || startLine < 1)
            {
                throw new CorpusException($"{where}: start_line '{start}' is not a 1-based line number");
            }

            if (!int.TryParse(end, NumberStyles.None, CultureInfo.InvariantCulture, out var endLine) || endLine < startLine)
            {
                throw new CorpusException($"{where}: end_line '{end}' is not a line number at or after start_line {startLine}");
            }

            if (!Families.Rules.TryGetValue(family, out var rules))
            {
                throw new CorpusException($"{where}: family '{family}' is not one of {string.Join(", ", Families.Ordered)}");
            }

            if (!rules.Contains(rule))
            {
                throw new CorpusException($"{where}: rule '{rule}' is not a rule of family {family} ({string.Join(", ", rules)})");
            }

            if (waste is not ("0" or "1"))
            {
                throw new CorpusException($"{where}: is_waste '{waste}' must be 1 or 0");
            }

            if (string.IsNullOrWhiteSpace(note))
            {
                throw new CorpusException($"{where}: note is empty; say in one sentence why the site is waste or fine");
            }

            if (labels.Any(l => l.Path == path && l.StartLine <= endLine && startLine <= l.EndLine && l.Family == family))
            {
                throw new CorpusException($"{where}: overlaps another {family} label of {path}");
            }

            labels.Add(new Label(repo, commit, path, startLine, endLine, family, rule, waste == "1", note, where));
        }

        if (labels.Count == 0)
        {
            throw new CorpusException($"{file}:2: the file has a header but no labels");
        }

        return labels;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]+$")]
    private static partial Regex RepoPattern();

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitPattern();
}

/// <summary>An error the runner reports in one line and exits 2 on (bad labels, bad arguments).</summary>
internal sealed class CorpusException(string message) : Exception(message);
