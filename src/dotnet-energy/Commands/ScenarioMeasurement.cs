using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EfficiencyKit.Profiler.Budgets;
using EfficiencyKit.Profiler.Collection;
using Spectre.Console;

namespace EfficiencyKit.Cli.Commands;

/// <summary>The profiled runs of a scenario that 'baseline' records and 'check' repeats, with the same options.</summary>
internal static class ScenarioMeasurement
{
    public static async Task<IReadOnlyList<RunMeasurement>> MeasureAsync(IAnsiConsole console, CliOptions options, ParseResult parse, IReadOnlyList<string> command, int runs, CancellationToken stop)
    {
        var collection = options.Collection(parse, Collector.TargetName(command[0], [.. command.Skip(1)]), progress: null);
        var progress = new Progress<string>(line => console.MarkupLineInterpolated($"[grey]{line}[/]"));
        return await ScenarioRunner.RunAsync(command, runs, collection, options.Analysis(parse), progress, stop);
    }
}
