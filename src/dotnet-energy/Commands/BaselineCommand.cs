using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using EfficiencyKit.Profiler.Budgets;
using EfficiencyKit.Profiler.Reports;
using Spectre.Console;

namespace EfficiencyKit.Cli.Commands;

/// <summary>'baseline': an energy budget from repeated profiled runs of a scenario (docs/budgets.md).</summary>
internal static class BaselineCommand
{
    public static Command Create(IAnsiConsole console, CliOptions options, CancellationToken stop)
    {
        var program = CliOptions.ProgramArgument("The scenario's program and its arguments, after --.", ArgumentArity.OneOrMore);
        var budget = CliOptions.BudgetFile();
        var scenario = new Option<string>("--scenario", "-s") { Description = "The scenario's name (replaced if the budget has it).", Required = true };
        var runs = CliOptions.Runs("How many profiled runs the baseline takes, and later checks repeat (default 7; at least 5).");
        var tolerance = new Option<double>("--tolerance") { Description = "Fractional increase of a median that still passes (default 0.25: whole checks ran up to 21% slower on a busy shared 2-vCPU VM).", DefaultValueFactory = _ => 0.25 };
        var minimumShare = CliOptions.MinimumShare();
        var unit = new Option<string?>("--unit") { Description = "NAME=COUNT: what one run serves (e.g. ticket=8); figures are then joules per unit." };
        CliOptions.RequireRange(tolerance, 0.0, 10.0);
        var command = new Command("baseline", "Run a scenario N times under the profiler and write its energy budget (median and spread of the total and of each call site above --min-share).")
        {
            program, budget, scenario, runs, tolerance, minimumShare, unit,
        };
        options.AddMeasurementOptions(command);
        command.SetAction((parse, _) => CommandGuard.RunAsync(async () =>
        {
            var path = parse.GetValue(budget)!.FullName;
            var existing = File.Exists(path) ? EnergyBudgetJson.Read(path, StandardError.Warning) : new EnergyBudget(EnergyBudget.CurrentSchema, []);
            var functionalUnit = parse.GetValue(unit) is { } text ? FunctionalUnit.Parse(text, unit.Name) : null;
            OutputFiles.RequireWritable(parse.GetValue(budget), budget.Name);

            var commandLine = parse.GetValue(program)!;
            var measured = await ScenarioMeasurement.MeasureAsync(console, options, parse, commandLine, parse.GetValue(runs) ?? 7, stop);
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
            return ExitCodes.Success;
        }));
        return command;
    }
}
