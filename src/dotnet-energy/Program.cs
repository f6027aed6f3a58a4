using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using EfficiencyKit.Cli;
using EfficiencyKit.Energy;
using EfficiencyKit.Profiler;
using EfficiencyKit.Profiler.Analysis;
using EfficiencyKit.Profiler.Collection;
using EfficiencyKit.Profiler.Reports;
using Spectre.Console;

var options = new CliOptions();

// Redirected output (CI logs, files) gets plain text wide enough for the table.
var output = Console.IsOutputRedirected
    ? AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No })
    : AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    output.Profile.Width = 160;
}
using var stop = new CancellationTokenSource();
var interruptSignal = 2;

// Our own signal handling: System.CommandLine would force-exit 2 s after Ctrl+C, before rundown and the report.
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);

var commandArgument = new Argument<string[]>("command") { Description = "The program to launch and its arguments, after --.", Arity = ArgumentArity.OneOrMore };
var run = new Command("run", "Launch a .NET program suspended, profile it from its first instruction until it exits (or --duration), and report joules per call site.") { commandArgument };
options.AddCollectionOptions(run);
run.Add(options.SamplingIntervalMs);
run.SetAction((parse, _) => Guard(() => CollectAsync(parse, parse.GetValue(commandArgument)!)));

var processIdOption = new Option<int>("--process-id", "-p") { Description = "The .NET process to attach to (see 'dotnet-energy ps').", Required = true };
var collect = new Command("collect", "Attach to a running .NET process and profile it until it exits, --duration ends or Ctrl+C.") { processIdOption };
options.AddCollectionOptions(collect);
collect.SetAction((parse, _) => Guard(() => CollectAsync(parse, null, parse.GetValue(processIdOption))));

var ps = new Command("ps", "List the .NET processes that can be profiled.");
ps.SetAction((_, _) => Guard(() => Task.FromResult(ListProcesses())));

var pathArgument = new Argument<string>("collection") { Description = "A collection folder (re-attributes the raw trace) or a report.json (re-renders it)." };
var report = new Command("report", "Re-render a saved collection or report as a table, JSON, speedscope or HTML.") { pathArgument };
options.AddOutputOptions(report);
report.SetAction((parse, _) => Guard(() => Task.FromResult(Report(parse, parse.GetValue(pathArgument)!))));

var root = new RootCommand("dotnet-energy: which lines of your .NET code spend the energy. Joules are measured (RAPL, NVML) where the machine allows and modelled otherwise, and every report says which.")
{
    run, collect, ps, report, BudgetCommands.Baseline(output, options, stop.Token), BudgetCommands.Check(output, options, stop.Token),
    ModelCommands.Inspect(output), ModelCommands.Quantize(output), CompareCommand.Create(output),
};
var parsed = root.Parse(args);
var exitCode = await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, stop.Token);

// The parser reports its errors (on stderr, with the command's help) and returns 1, the code of a budget regression.
return parsed.Errors.Count > 0 ? ExitCodes.UsageError : exitCode;

void Cancel(PosixSignalContext context)
{
    // Keep the process alive: stop collecting, drain the rundown, still write the report; then the launched target
    // gets the same signal (Linux numbers: SIGINT 2, SIGTERM 15).
    context.Cancel = true;
    interruptSignal = context.Signal == PosixSignal.SIGTERM ? 15 : 2;
    stop.Cancel();
}

async Task<int> CollectAsync(ParseResult parse, string[]? command, int processId = 0)
{
    // Everything the end of the run needs is checked before it starts: a long profile is not lost to a typo.
    var analysis = options.Analysis(parse);
    var html = options.Html(parse);
    OutputFiles.RequireWritable(parse.GetValue(options.Output), options.Output.Name);
    var name = command is null ? $"pid{processId}" : Collector.TargetName(command[0], command[1..]);
    var console = output;
    var result = await console.Status().StartAsync("Starting…", async context =>
    {
        var progress = new Progress<CollectionProgress>(p => context.Status(
            $"Collecting {p.Elapsed:mm\\:ss}: machine {EnergyFormat.Joules(p.MachineJoules)}, target {p.ProcessCpuSeconds:F1} CPU s, trace {p.TraceBytes / 1e6:F1} MB. Ctrl+C stops and still reports."));
        var collection = options.Collection(parse, name, progress) with { InterruptSignal = () => interruptSignal };
        return command is null
            ? await Collector.AttachAsync(processId, collection, stop.Token)
            : await Collector.LaunchAsync(command[0], command[1..], collection, stop.Token);
    });

    foreach (var warning in result.Warnings)
    {
        StandardError.Warning(warning);
    }

    var (energyReport, stacks) = await console.Status().StartAsync("Attributing energy to call sites…", _ => Task.FromResult(ProfileAnalysis.Analyze(result.Directory, analysis)));
    energyReport = energyReport with { Target = energyReport.Target.WithOutcome(result.TargetExitCode, result.TargetTerminated) };
    EnergyReportJson.Write(energyReport, CollectionFiles.ReportPath(result.Directory));
    ReportRenderer.Render(console, energyReport, stacks, parse.GetValue(options.Format)!, parse.GetValue(options.Output), result.Directory, html);
    console.MarkupLineInterpolated($"Collection saved in [bold]{result.Directory}[/] (re-render with: dotnet-energy report {result.Directory})");

    // A target that failed on its own fails the run (CI must not pass a crashed workload); one stopped by Ctrl+C or
    // --duration did not fail.
    if (energyReport.Target.Failed && !result.StoppedByRequest)
    {
        StandardError.Error($"the target {energyReport.Target.Outcome}.");
        return ExitCodes.TargetFailure;
    }

    if (energyReport.Sampling.NamesMissing)
    {
        StandardError.Error($"{energyReport.Sampling.UnnamedSamples} of {energyReport.Sampling.StackSamples} stack samples name no method, so the call sites miss their energy; the report was written, but do not trust its ranking.");
        return ExitCodes.ProfilingError;
    }

    return ExitCodes.Success;
}

int ListProcesses()
{
    var table = new Table().Border(TableBorder.Rounded).AddColumn("PID").AddColumn("Name").AddColumn("Command line");
    foreach (var (pid, name, commandLine) in DotNetProcesses.List())
    {
        table.AddRow(pid.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(name), Markup.Escape(commandLine));
    }

    output.Write(table);
    return 0;
}

int Report(ParseResult parse, string path)
{
    EnergyReport energyReport;
    System.Collections.Generic.IReadOnlyList<WeightedStack>? stacks = null;
    string? directory;
    if (Directory.Exists(path))
    {
        (energyReport, stacks) = ProfileAnalysis.Analyze(path, options.Analysis(parse));
        directory = path;
    }
    else if (File.Exists(path))
    {
        energyReport = EnergyReportJson.Read(path);
        directory = Path.GetDirectoryName(Path.GetFullPath(path));
    }
    else
    {
        throw new ProfilerException(ProfilerErrorKind.Input, $"'{path}' is neither a collection folder nor a report file.");
    }

    ReportRenderer.Render(output, energyReport, stacks, parse.GetValue(options.Format)!, parse.GetValue(options.Output), directory, options.Html(parse));
    return 0;
}

Task<int> Guard(Func<Task<int>> action) => CommandGuard.RunAsync(action);
