using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using EfficiencyKit.Profiler;
using EfficiencyKit.Profiler.Collection;
using EfficiencyKit.Profiler.Reports;
using Spectre.Console;

namespace EfficiencyKit.Cli.Commands;

/// <summary>'compare': two reports of the same workload, before and after a change, per functional unit.</summary>
internal static class CompareCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var before = new Argument<string>("before") { Description = "The report before the change: a report.json or a collection folder holding one; or several runs, comma-separated, compared through their median run (with the range of all)." };
        var after = new Argument<string>("after") { Description = "The report after the change (same workload); several runs, comma-separated, likewise." };
        var unit = new Option<string>("--unit") { Description = "NAME=COUNT: what each run served (e.g. document=300); figures are joules per unit.", Required = true };
        var top = new Option<int>("--top") { Description = "Methods to list (default 10).", DefaultValueFactory = _ => 10 };
        var format = new Option<string>("--format", "-f") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the JSON to this file instead of the console." };
        format.AcceptOnlyFromAmong("table", "json");
        CliOptions.RequireRange(top, 1, 1000);
        var command = new Command("compare", "Compare two reports of the same workload (before and after a fix): joules per functional unit, local and remote, and per method.")
        {
            before, after, unit, top, format, output,
        };
        command.SetAction((parse, _) => CommandGuard.RunAsync(() =>
        {
            var functionalUnit = FunctionalUnit.Parse(parse.GetValue(unit)!, unit.Name);
            var comparison = ReportComparison.Create(ReadRuns(parse.GetValue(before)!), ReadRuns(parse.GetValue(after)!), functionalUnit, parse.GetValue(top));
            if (parse.GetValue(format) == "json")
            {
                var json = JsonSerializer.Serialize(comparison, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
                if (parse.GetValue(output) is { } file)
                {
                    File.WriteAllText(file.FullName, json);
                    console.MarkupLineInterpolated($"Comparison written to [bold]{file.FullName}[/]");
                }
                else
                {
                    console.WriteLine(json);
                }
            }
            else
            {
                Write(console, comparison);
            }

            return Task.FromResult(0);
        }));
        return command;
    }

    public static void Write(IAnsiConsole console, ReportComparison comparison)
    {
        var per = comparison.Unit.Name;
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Method").AddColumn("Before: site").AddColumn(new TableColumn($"Before J/{per}").RightAligned())
            .AddColumn("After: site").AddColumn(new TableColumn($"After J/{per}").RightAligned()).AddColumn(new TableColumn("Less").RightAligned());
        foreach (var row in comparison.Rows)
        {
            table.AddRow(
                Markup.Escape(row.Method),
                Markup.Escape(row.BeforeSite ?? "-"),
                EnergyFormat.Joules(row.BeforeJoulesPerUnit),
                Markup.Escape(row.AfterSite ?? "-"),
                EnergyFormat.Joules(row.AfterJoulesPerUnit),
                Times(row.BeforeJoulesPerUnit, row.AfterJoulesPerUnit));
        }

        foreach (var row in comparison.RemoteRows)
        {
            table.AddRow(
                Markup.Escape(row.Method) + " [dim](remote, estimated)[/]",
                Markup.Escape(row.BeforeSite ?? "-"),
                EnergyFormat.Joules(row.BeforeJoulesPerUnit),
                Markup.Escape(row.AfterSite ?? "-"),
                EnergyFormat.Joules(row.AfterJoulesPerUnit),
                Times(row.BeforeJoulesPerUnit, row.AfterJoulesPerUnit));
        }

        table.AddEmptyRow();
        table.AddRow($"[bold]Process (local, {Markup.Escape(comparison.BeforeOrigin)})[/]", string.Empty, EnergyFormat.Joules(comparison.BeforeLocalJoulesPerUnit), string.Empty, EnergyFormat.Joules(comparison.AfterLocalJoulesPerUnit), Times(comparison.BeforeLocalJoulesPerUnit, comparison.AfterLocalJoulesPerUnit));
        if (comparison.BeforeRemoteJoulesPerUnit > 0 || comparison.AfterRemoteJoulesPerUnit > 0)
        {
            table.AddRow("[bold]Remote model calls (estimated from tokens)[/]", string.Empty, EnergyFormat.Joules(comparison.BeforeRemoteJoulesPerUnit), string.Empty, EnergyFormat.Joules(comparison.AfterRemoteJoulesPerUnit), Times(comparison.BeforeRemoteJoulesPerUnit, comparison.AfterRemoteJoulesPerUnit));
        }

        table.AddRow($"[bold]Total per {Markup.Escape(per)}[/]", string.Empty, $"[bold]{EnergyFormat.Joules(comparison.BeforeLocalJoulesPerUnit + comparison.BeforeRemoteJoulesPerUnit)}[/]", string.Empty, $"[bold]{EnergyFormat.Joules(comparison.AfterLocalJoulesPerUnit + comparison.AfterRemoteJoulesPerUnit)}[/]", $"[bold]{Times(comparison.BeforeLocalJoulesPerUnit + comparison.BeforeRemoteJoulesPerUnit, comparison.AfterLocalJoulesPerUnit + comparison.AfterRemoteJoulesPerUnit)}[/]");
        console.Write(table);
        if (comparison.BeforeRuns is { Runs: > 1 } || comparison.AfterRuns is { Runs: > 1 })
        {
            console.MarkupLineInterpolated($"Each side is its median run; total per {per}: before {Range(comparison.BeforeRuns)}, after {Range(comparison.AfterRuns)}.");
        }

        console.MarkupLineInterpolated($"Wall time per {per}: {comparison.BeforeSecondsPerUnit * 1000:F1} ms before, {comparison.AfterSecondsPerUnit * 1000:F1} ms after. Local energy is {comparison.BeforeOrigin} before and {comparison.AfterOrigin} after; remote energy is an estimate (EcoLogits method, midpoint of its range).");
    }

    private static string Times(double before, double after)
        => after > 0 && before > 0 ? (before / after).ToString("0.0", CultureInfo.InvariantCulture) + "×" : "-";

    private static string Range(RunSpread? runs) => runs is { Runs: > 1 }
        ? $"{EnergyFormat.Joules(runs.Median)} (median of {runs.Runs.ToString(CultureInfo.InvariantCulture)} runs; {EnergyFormat.Joules(runs.Min)} to {EnergyFormat.Joules(runs.Max)})"
        : "one run";

    /// <summary>One report, or several comma-separated ones (runs of the same workload).</summary>
    private static EnergyReport[] ReadRuns(string paths)
    {
        var runs = paths.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return runs.Length > 0 ? [.. runs.Select(Read)] : throw new ProfilerException(ProfilerErrorKind.Usage, $"'{paths}' names no report.");
    }

    private static EnergyReport Read(string path)
    {
        if (Directory.Exists(path))
        {
            path = CollectionFiles.ReportPath(path);
        }

        return File.Exists(path)
            ? EnergyReportJson.Read(path, StandardError.Warning)
            : throw new ProfilerException(ProfilerErrorKind.Input, $"'{path}' is neither a report.json nor a collection folder holding one.");
    }
}
