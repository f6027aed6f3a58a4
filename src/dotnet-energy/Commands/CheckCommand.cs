using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using EfficiencyKit.Profiler;
using EfficiencyKit.Profiler.Budgets;
using EfficiencyKit.Profiler.Reports;
using Spectre.Console;

namespace EfficiencyKit.Cli.Commands;

/// <summary>'check': repeat a budget's scenarios and compare them with their baselines; exit 1 on a regression (docs/budgets.md).</summary>
internal static class CheckCommand
{
    public static Command Create(IAnsiConsole console, CliOptions options, CancellationToken stop)
    {
        var program = CliOptions.ProgramArgument("Run this instead of the scenario's own command (after --; one scenario only).", ArgumentArity.ZeroOrMore);
        var budget = CliOptions.BudgetFile();
        var scenario = new Option<string?>("--scenario", "-s") { Description = "Check only this scenario (default: all of the budget's)." };
        var runs = CliOptions.Runs("Profiled runs per scenario (default: the baseline's count).");
        var result = new Option<FileInfo?>("--result") { Description = "Write the check result as JSON (read by the MSBuild gate, EfficiencyKitEnergyCheckResult)." };
        var sarif = new Option<FileInfo?>("--sarif") { Description = "Write regressions as SARIF 2.1.0 (for code-scanning UIs)." };
        var minimumShare = CliOptions.MinimumShare();
        var command = new Command("check", "Run the budget's scenarios N times and compare with their baselines (medians beyond the tolerance and a one-sided Mann-Whitney test); exit 1 on a regression, naming the call sites.")
        {
            program, budget, scenario, runs, result, sarif, minimumShare,
        };
        options.AddMeasurementOptions(command);
        command.SetAction((parse, _) => CommandGuard.RunAsync(async () =>
        {
            var path = parse.GetValue(budget)!.FullName;
            if (!File.Exists(path))
            {
                throw new ProfilerException(ProfilerErrorKind.Input, $"The budget '{path}' does not exist: write one with 'dotnet-energy baseline --budget {path} --scenario NAME -- <command>'.");
            }

            var energyBudget = EnergyBudgetJson.Read(path, StandardError.Warning);
            OutputFiles.RequireWritable(parse.GetValue(result), result.Name);
            OutputFiles.RequireWritable(parse.GetValue(sarif), sarif.Name);
            var name = parse.GetValue(scenario);
            var scenarios = name is null ? energyBudget.Scenarios : energyBudget.Scenarios.Where(s => s.Name == name).ToList();
            if (scenarios.Count == 0)
            {
                throw new ProfilerException(ProfilerErrorKind.Input, name is null
                    ? $"{path} has no scenarios."
                    : $"{path} has no scenario '{name}' (it has: {string.Join(", ", energyBudget.Scenarios.Select(s => s.Name))}).");
            }

            var commandOverride = parse.GetValue(program) ?? [];
            if (commandOverride.Length > 0 && scenarios.Count > 1)
            {
                throw new ProfilerException(ProfilerErrorKind.Usage, "A command after -- replaces one scenario's command: name it with --scenario.");
            }

            var checks = new List<ScenarioCheck>();
            foreach (var budgeted in scenarios)
            {
                var commandLine = commandOverride.Length > 0 ? commandOverride : budgeted.Command;
                var measured = await ScenarioMeasurement.MeasureAsync(console, options, parse, commandLine, parse.GetValue(runs) ?? budgeted.Runs, stop);
                var check = BudgetChecker.Check(budgeted, measured, parse.GetValue(minimumShare));
                Render(console, check);
                checks.Add(check);
            }

            var outcome = new BudgetCheckResult(BudgetCheckResult.CurrentSchema, path, checks.All(c => c.Passed), checks);
            if (parse.GetValue(result) is { } resultFile)
            {
                outcome.Write(resultFile.FullName);
                console.MarkupLineInterpolated($"Result written to [bold]{resultFile.FullName}[/]");
            }

            if (parse.GetValue(sarif) is { } sarifFile)
            {
                SarifWriter.Write(outcome, sarifFile.FullName);
                console.MarkupLineInterpolated($"SARIF written to [bold]{sarifFile.FullName}[/]");
            }

            console.MarkupLine(outcome.Passed ? "[green]Energy budget check passed.[/]" : "[red]Energy budget check FAILED.[/]");
            return outcome.Passed ? ExitCodes.Success : ExitCodes.BudgetRegression;
        }));
        return command;
    }

    private static void Render(IAnsiConsole console, ScenarioCheck check)
    {
        if (check.SourceMismatch is { } mismatch)
        {
            console.MarkupLineInterpolated($"[red]Scenario {check.Scenario}: not compared:[/] {mismatch}");
            return;
        }

        var per = check.Unit is { } unit ? $"J per {unit.Name}" : "J per run";
        var table = new Table().Border(TableBorder.Rounded).Title($"{check.Scenario} ({per}, tolerance {check.Tolerance:P0})")
            .AddColumn("").AddColumn("Location").AddColumn(new TableColumn("Budget").RightAligned()).AddColumn(new TableColumn("Now").RightAligned())
            .AddColumn(new TableColumn("Change").RightAligned()).AddColumn(new TableColumn("Limit").RightAligned()).AddColumn(new TableColumn("p").RightAligned()).AddColumn("Verdict");
        foreach (var verdict in new[] { check.Total! }.Concat(check.CallSites))
        {
            table.AddRow(
                Markup.Escape(verdict.Name == "total" ? "total" : EnergyFormat.ShortMethod(verdict.Name)),
                Markup.Escape(EnergyFormat.Location(verdict.File, verdict.Line)),
                EnergyFormat.Joules(verdict.BaselineMedian),
                EnergyFormat.Joules(verdict.CandidateMedian),
                ((verdict.Ratio - 1) * 100).ToString("+0;-0", CultureInfo.InvariantCulture) + "%",
                (verdict.Threshold * 100).ToString("+0", CultureInfo.InvariantCulture) + "%",
                verdict.PValue < 0.001 ? "<0.001" : verdict.PValue.ToString("0.000", CultureInfo.InvariantCulture),
                verdict.Regressed ? "[red]REGRESSED[/]" : "[green]ok[/]");
        }

        foreach (var site in check.NewCallSites)
        {
            table.AddRow(Markup.Escape(EnergyFormat.ShortMethod(site.Name)), Markup.Escape(EnergyFormat.Location(site.File, site.Line)), "-", EnergyFormat.Joules(site.CandidateMedian), "new", "-", "-", "[yellow]no budget[/]");
        }

        console.Write(table);
        foreach (var site in check.CallSites.Where(s => s.Regressed))
        {
            // The line CI logs and IDEs recognise, file(line): error CODE: message, written past Spectre so it never wraps.
            Console.Out.WriteLine($"{site.File ?? "?"}({site.Line ?? 0}): error {SarifWriter.RegressedCallSite}: {site.Name}: {site.Summary}");
        }
    }
}
