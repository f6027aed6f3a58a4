using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EfficiencyKit.Profiler;
using EfficiencyKit.Profiler.Budgets;
using EfficiencyKit.Profiler.Collection;
using EfficiencyKit.Profiler.Reports;
using Spectre.Console;

namespace EfficiencyKit.Cli;

/// <summary>'baseline' and 'check': energy budgets from repeated profiled runs (docs/budgets.md).</summary>
internal static class BudgetCommands
{
    public static Command Baseline(IAnsiConsole console, CliOptions options, CancellationToken stop)
    {
        var program = new Argument<string[]>("command") { Description = "The scenario's program and its arguments, after --.", Arity = ArgumentArity.OneOrMore };
        var budget = BudgetOption();
        var scenario = new Option<string>("--scenario", "-s") { Description = "The scenario's name (replaced if the budget has it).", Required = true };
        var runs = RunsOption("How many profiled runs the baseline takes, and later checks repeat (default 7; at least 5).");
        var tolerance = new Option<double>("--tolerance") { Description = "Fractional increase of a median that still passes (default 0.25: whole checks ran up to 21% slower on a busy shared 2-vCPU VM).", DefaultValueFactory = _ => 0.25 };
        var minimumShare = MinimumShareOption();
        var unit = new Option<string?>("--unit") { Description = "NAME=COUNT: what one run serves (e.g. ticket=8); figures are then joules per unit." };
        CliOptions.RequireRange(tolerance, 0.0, 10.0);
        var command = new Command("baseline", "Run a scenario N times under the profiler and write its energy budget (median and spread of the total and of each call site above --min-share).")
        {
            program, budget, scenario, runs, tolerance, minimumShare, unit,
        };
        AddMeasurementOptions(command, options);
        command.SetAction((parse, _) => CommandGuard.RunAsync(async () =>
        {
            var path = parse.GetValue(budget)!.FullName;
            var existing = File.Exists(path) ? EnergyBudgetJson.Read(path) : new EnergyBudget(EnergyBudget.CurrentSchema, []);
            var functionalUnit = parse.GetValue(unit) is { } text ? FunctionalUnit.Parse(text, unit.Name) : null;
            OutputFiles.RequireWritable(parse.GetValue(budget), budget.Name);

            var commandLine = parse.GetValue(program)!;
            var measured = await Measure(console, options, parse, commandLine, parse.GetValue(runs) ?? 7, stop);
            var built = BudgetBuilder.Build(parse.GetValue(scenario)!, commandLine, measured, functionalUnit, parse.GetValue(tolerance), parse.GetValue(minimumShare));
            EnergyBudgetJson.Write(existing with { Scenarios = [.. existing.Scenarios.Where(s => s.Name != built.Name), built] }, path);

            var per = functionalUnit is null ? "per run" : $"per {functionalUnit.Name}";
            console.MarkupLineInterpolated($"Scenario [bold]{built.Name}[/]: {EnergyFormat.Joules(built.Total.Median)} {per} (median of {built.Runs} runs, spread ±{EnergyFormat.Joules(built.Total.Spread)}), {built.Source.Kinds} ({built.Source.Origin}).");
            var table = new Table().Border(TableBorder.Rounded).AddColumn("Call site").AddColumn("Location").AddColumn(new TableColumn("Median").RightAligned()).AddColumn(new TableColumn("Spread").RightAligned());
            foreach (var site in built.CallSites)
            {
                table.AddRow(Markup.Escape(EnergyFormat.ShortMethod(site.Method)), Markup.Escape(EnergyFormat.Location(site.File, site.Line)), EnergyFormat.Joules(site.Joules.Median), "±" + EnergyFormat.Joules(site.Joules.Spread));
            }

            console.Write(table);
            foreach (var warning in BudgetNoise.Warnings(built, measured))
            {
                StandardError.Warning(warning);
            }

            console.MarkupLineInterpolated($"Budget written to [bold]{path}[/]; check with: dotnet-energy check --budget {path} --scenario {built.Name}");
            return 0;
        }));
        return command;
    }

    public static Command Check(IAnsiConsole console, CliOptions options, CancellationToken stop)
    {
        var program = new Argument<string[]>("command") { Description = "Run this instead of the scenario's own command (after --; one scenario only).", Arity = ArgumentArity.ZeroOrMore };
        var budget = BudgetOption();
        var scenario = new Option<string?>("--scenario", "-s") { Description = "Check only this scenario (default: all of the budget's)." };
        var runs = RunsOption("Profiled runs per scenario (default: the baseline's count).");
        var result = new Option<FileInfo?>("--result") { Description = "Write the check result as JSON (read by the MSBuild gate, EfficiencyKitEnergyCheckResult)." };
        var sarif = new Option<FileInfo?>("--sarif") { Description = "Write regressions as SARIF 2.1.0 (for code-scanning UIs)." };
        var minimumShare = MinimumShareOption();
        var command = new Command("check", "Run the budget's scenarios N times and compare with their baselines (medians beyond the tolerance and a one-sided Mann-Whitney test); exit 1 on a regression, naming the call sites.")
        {
            program, budget, scenario, runs, result, sarif, minimumShare,
        };
        AddMeasurementOptions(command, options);
        command.SetAction((parse, _) => CommandGuard.RunAsync(async () =>
        {
            var path = parse.GetValue(budget)!.FullName;
            if (!File.Exists(path))
            {
                throw new ProfilerException(ProfilerErrorKind.Input, $"The budget '{path}' does not exist: write one with 'dotnet-energy baseline --budget {path} --scenario NAME -- <command>'.");
            }

            var energyBudget = EnergyBudgetJson.Read(path);
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
                var measured = await Measure(console, options, parse, commandLine, parse.GetValue(runs) ?? budgeted.Runs, stop);
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
            System.Console.Out.WriteLine($"{site.File ?? "?"}({site.Line ?? 0}): error {SarifWriter.RegressedCallSite}: {site.Name}: {site.Summary}");
        }
    }

    private static async Task<IReadOnlyList<RunMeasurement>> Measure(IAnsiConsole console, CliOptions options, ParseResult parse, IReadOnlyList<string> command, int runs, CancellationToken stop)
    {
        var collection = options.Collection(parse, Collector.TargetName(command[0], [.. command.Skip(1)]), progress: null);
        var progress = new Progress<string>(line => console.MarkupLineInterpolated($"[grey]{line}[/]"));
        return await ScenarioRunner.RunAsync(command, runs, collection, options.Analysis(parse), progress, stop);
    }

    private static Option<FileInfo> BudgetOption() => new("--budget", "-b")
    {
        Description = "The budget file.",
        DefaultValueFactory = _ => new FileInfo("energy-budget.json"),
    };

    private static Option<int?> RunsOption(string description)
    {
        var runs = new Option<int?>("--runs", "-n") { Description = description };
        CliOptions.Validate(runs, value => value is < 5 or > 100
            ? "--runs must be between 5 and 100: with fewer runs the rank test can never reach p < 0.01, so no regression could fail the check."
            : null);
        return runs;
    }

    private static Option<double> MinimumShareOption()
    {
        var option = new Option<double>("--min-share") { Description = "Call sites below this share of the total get no budget of their own, and a site's increase must reach this share of the total to fail (sampling noise, machine-wide slowdowns).", DefaultValueFactory = _ => 0.05 };
        CliOptions.RequireRange(option, 0.0, 1.0);
        return option;
    }

    private static void AddMeasurementOptions(Command command, CliOptions options)
    {
        command.Add(options.EnergySource);
        command.Add(options.Gpu);
        command.Add(options.PollIntervalMs);
        command.Add(options.ChunkSeconds);
        command.Add(options.SamplingIntervalMs);
        command.Add(options.RollUp);
        command.Add(options.NativeBoundary);
    }

}
