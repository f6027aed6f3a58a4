using System;
using System.CommandLine;
using System.Threading.Tasks;
using EfficiencyKit.Energy;
using EfficiencyKit.Profiler.Analysis;
using EfficiencyKit.Profiler.Collection;
using EfficiencyKit.Profiler.Reports;
using Spectre.Console;

namespace EfficiencyKit.Cli.Commands;

/// <summary>'collect': attach to a running .NET process and profile it; also the profiling that 'run' does on the process it launches.</summary>
internal static class CollectCommand
{
    public static Command Create(IAnsiConsole console, CliOptions options, Interruption interruption)
    {
        var processId = new Option<int>("--process-id", "-p") { Description = "The .NET process to attach to (see 'dotnet-energy ps').", Required = true };
        var command = new Command("collect", "Attach to a running .NET process and profile it until it exits, --duration ends or Ctrl+C.") { processId };
        options.AddCollectionOptions(command);
        command.SetAction((parse, _) => CommandGuard.RunAsync(() => ProfileAsync(console, options, interruption, parse, null, parse.GetValue(processId))));
        return command;
    }

    /// <summary>Profiles the process <paramref name="processId"/>, or launches <paramref name="program"/> (with its arguments) and profiles it; reports the joules per call site.</summary>
    public static async Task<int> ProfileAsync(IAnsiConsole console, CliOptions options, Interruption interruption, ParseResult parse, string[]? program, int processId = 0)
    {
        // Everything the end of the run needs is checked before it starts: a long profile is not lost to a typo.
        var analysis = options.Analysis(parse);
        var html = options.Html(parse);
        OutputFiles.RequireWritable(parse.GetValue(options.Output), options.Output.Name);
        var name = program is null ? $"pid{processId}" : Collector.TargetName(program[0], program[1..]);
        var result = await console.Status().StartAsync("Starting…", async context =>
        {
            var progress = new Progress<CollectionProgress>(p => context.Status(
                $"Collecting {p.Elapsed:mm\\:ss}: machine {EnergyFormat.Joules(p.MachineJoules)}, target {p.ProcessCpuSeconds:F1} CPU s, trace {p.TraceBytes / 1e6:F1} MB. Ctrl+C stops and still reports."));
            var collection = options.Collection(parse, name, progress) with { InterruptSignal = () => interruption.Signal };
            return program is null
                ? await Collector.AttachAsync(processId, collection, interruption.Token)
                : await Collector.LaunchAsync(program[0], program[1..], collection, interruption.Token);
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
}
