using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using EfficiencyKit.Profiler;
using EfficiencyKit.Profiler.Analysis;
using EfficiencyKit.Profiler.Reports;
using Spectre.Console;

namespace EfficiencyKit.Cli.Commands;

/// <summary>'report': re-render a saved collection (re-attributing its raw trace) or a saved report.</summary>
internal static class ReportCommand
{
    public static Command Create(IAnsiConsole console, CliOptions options)
    {
        var path = new Argument<string>("collection") { Description = "A collection folder (re-attributes the raw trace) or a report.json (re-renders it)." };
        var command = new Command("report", "Re-render a saved collection or report as a table, JSON, speedscope or HTML.") { path };
        options.AddOutputOptions(command);
        command.SetAction((parse, _) => CommandGuard.Run(() => Render(console, options, parse, parse.GetValue(path)!)));
        return command;
    }

    private static int Render(IAnsiConsole console, CliOptions options, ParseResult parse, string path)
    {
        EnergyReport energyReport;
        IReadOnlyList<WeightedStack>? stacks = null;
        string? directory;
        if (Directory.Exists(path))
        {
            (energyReport, stacks) = ProfileAnalysis.Analyze(path, options.Analysis(parse));
            directory = path;
        }
        else if (File.Exists(path))
        {
            energyReport = EnergyReportJson.Read(path, StandardError.Warning);
            directory = Path.GetDirectoryName(Path.GetFullPath(path));
        }
        else
        {
            throw new ProfilerException(ProfilerErrorKind.Input, $"'{path}' is neither a collection folder nor a report file.");
        }

        ReportRenderer.Render(console, energyReport, stacks, parse.GetValue(options.Format)!, parse.GetValue(options.Output), directory, options.Html(parse));
        return ExitCodes.Success;
    }
}
