using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using EfficiencyKit.Analyzers.Tests;
using EfficiencyKit.Analyzers.Tests.Verification;
using EfficiencyKit.Profiler.Reports;
using Microsoft.CodeAnalysis;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// What each code fix saves on the samples, measured with dotnet-energy: for every rule whose fix applies to a sample,
/// a copy of the wasteful sample with only that rule's fixes accepted (SampleFixer) is built and profiled, and its
/// joules and seconds per useful output are compared with the wasteful sample's; then the whole fixed twin. Medians
/// of --runs profiled runs each. Prints a Markdown table and writes artifacts/rule-savings/results.json.
/// The samples and their copies restore EfficiencyKit from artifacts/packages, which building this project fills.
/// Usage: sample-savings [--runs 3]   (needs a built src/dotnet-energy)
/// </summary>
internal static class SampleSavingsRun
{
    private static readonly string s_repo = typeof(RuleCatalog).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    public static async Task RunAsync(string[] args)
    {
        var runs = args.Length > 1 && args[0] == "--runs" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var output = Path.Combine(s_repo, "artifacts", "rule-savings");
        Directory.CreateDirectory(output);
        var rows = new List<string>();
        Console.WriteLine("| Sample | Change | J per unit before | J per unit after | Less energy | s per unit before | s per unit after | Energy |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---|");
        foreach (var sample in Samples())
        {
            Build(sample.Directory);
            var before = Measure(sample, Path.Combine(s_repo, "samples", sample.Directory), runs, output, "before");
            foreach (var rule in sample.Rules)
            {
                var variant = Path.Combine(s_repo, "samples", $"{sample.Directory}.{rule}");
                try
                {
                    CopyProject(Path.Combine(s_repo, "samples", sample.Directory), variant);
                    var fixedSources = await SampleFixer.ApplyAsync(Path.Combine(s_repo, "samples", sample.Directory), sample.References(), new HashSet<string>(StringComparer.Ordinal) { rule }, sample.AnalyzerConfigs());
                    var changed = fixedSources.Count(pair => pair.Value != File.ReadAllText(Path.Combine(s_repo, "samples", sample.Directory, pair.Key)));
                    if (changed == 0)
                    {
                        Console.WriteLine($"| {sample.Directory} | {rule}: no fix applied | | | | | | |");
                        continue;
                    }

                    foreach (var (path, text) in fixedSources)
                    {
                        File.WriteAllText(Path.Combine(variant, path), text);
                    }

                    Build(Path.GetFileName(variant));
                    var after = Measure(sample, variant, runs, output, rule);
                    rows.Add(Row(sample, rule + " fix only", before, after));
                }
                finally
                {
                    if (Directory.Exists(variant))
                    {
                        Directory.Delete(variant, recursive: true);
                    }
                }
            }

            Build(sample.Directory + ".Fixed");
            rows.Add(Row(sample, "all fixes (the fixed twin)", before, Measure(sample, Path.Combine(s_repo, "samples", sample.Directory + ".Fixed"), runs, output, "fixed")));
        }

        File.WriteAllText(Path.Combine(output, "results.md"), string.Join('\n', rows) + "\n");
    }

    private static string Row(Sample sample, string change, Measurement before, Measurement after)
    {
        var row = FormattableString.Invariant($"| {sample.Directory} (per {sample.Unit}) | {change} | {before.JoulesPerUnit:G4} | {after.JoulesPerUnit:G4} | {before.JoulesPerUnit / after.JoulesPerUnit:F1}× | {before.SecondsPerUnit:G3} | {after.SecondsPerUnit:G3} | {after.Source} |");
        Console.WriteLine(row);
        return row;
    }

    private static IEnumerable<Sample> Samples()
    {
        yield return new Sample(
            "DocumentSearch",
            "embedding",
            258,
            [],
            ["EK1001", "EK1201", "EK1203", "EK1501"],
            // The ONNX Runtime assembly the sample compiles against, which its build copies beside it.
            () => TestReferences.All
                .Where(r => Path.GetFileNameWithoutExtension(r.Display) != "Microsoft.ML.OnnxRuntime")
                .Append(MetadataReference.CreateFromFile(Path.Combine(s_repo, "samples", "DocumentSearch", "bin", "Debug", "net10.0", "Microsoft.ML.OnnxRuntime.dll")))
                .ToList(),
            () => [Path.Combine(s_repo, "samples", "DocumentSearch", "obj", "Debug", "net10.0", "efficiencykit.evidence.globalconfig")]);
        yield return new Sample(
            "TicketTriage",
            "ticket",
            24,
            [],
            ["EK1001", "EK1101", "EK1202", "EK1301", "EK1501"],
            () => SampleReferences.TicketTriage,
            () => []);
    }

    private static Measurement Measure(Sample sample, string directory, int runs, string output, string label)
    {
        var dll = Path.Combine(directory, "bin", "Debug", "net10.0", Path.GetFileName(directory) + ".dll");
        var joules = new List<double>();
        var seconds = new List<double>();
        string source = string.Empty;
        for (var run = 0; run < runs; run++)
        {
            var report = Path.Combine(output, $"{sample.Directory}.{label}.{run}.json");
            Run("dotnet", [Path.Combine(s_repo, "src", "dotnet-energy", "bin", "Debug", "net8.0", "dotnet-energy.dll"), "run", "--roll-up", "Microsoft.ML.OnnxRuntime",
                "--format", "json", "--output", report, "--collection-dir", Path.Combine(output, "collections"), "--", "dotnet", dll, .. sample.Arguments]);
            var energy = EnergyReportJson.Read(report);
            joules.Add((energy.Totals.ProcessJoules + ReportComparison.RemoteJoules(energy)) / sample.Units);
            seconds.Add(energy.DurationSeconds / sample.Units);
            source = energy.Remote is null ? $"local {energy.EnergyOrigin}" : $"local {energy.EnergyOrigin} + remote estimated";
        }

        return new Measurement(Median(joules), Median(seconds), source);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }

    private static void CopyProject(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories).Where(f => !Path.GetRelativePath(from, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj")))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var name = Path.GetFileName(file) == Path.GetFileName(from) + ".csproj" ? Path.Combine(to, Path.GetFileName(to) + ".csproj") : target;
            File.Copy(file, name, overwrite: true);
        }
    }

    private static void Build(string sampleDirectory) => Run("dotnet", ["build", Path.Combine(s_repo, "samples", sampleDirectory), "-nologo", "-v", "q"]);

    private static void Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = s_repo };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{program} {string.Join(' ', arguments)}' exited with {process.ExitCode}:\n{stdout.Result}\n{stderr}");
        }
    }

    private sealed record Sample(string Directory, string Unit, int Units, string[] Arguments, string[] Rules, Func<IReadOnlyList<MetadataReference>> References, Func<IReadOnlyList<string>> AnalyzerConfigs);

    private sealed record Measurement(double JoulesPerUnit, double SecondsPerUnit, string Source);
}
