using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EfficiencyKit.Profiler.Analysis;
using EfficiencyKit.Profiler.Collection;

namespace EfficiencyKit.Profiler.Budgets;

/// <summary>Runs a scenario's command N times under the profiler (as <c>dotnet-energy run</c> does) and measures each run.</summary>
public static class ScenarioRunner
{
    /// <param name="command">The program and its arguments.</param>
    /// <param name="runs">How many runs.</param>
    /// <param name="collection">Collection settings; each run gets its own folder under a temporary directory, deleted after analysis.</param>
    /// <param name="analysis">Attribution settings.</param>
    /// <param name="progress">Told "run i of N" as runs start.</param>
    /// <param name="cancellation">Stops between runs.</param>
    public static async Task<IReadOnlyList<RunMeasurement>> RunAsync(
        IReadOnlyList<string> command,
        int runs,
        CollectionOptions collection,
        AnalysisOptions analysis,
        IProgress<string>? progress,
        CancellationToken cancellation)
    {
        if (command.Count == 0)
        {
            throw new ProfilerException(ProfilerErrorKind.Input, "The scenario names no program to run.");
        }

        var root = Directory.CreateTempSubdirectory("ek-budget-");
        try
        {
            var measurements = new List<RunMeasurement>();
            for (var run = 1; run <= runs; run++)
            {
                cancellation.ThrowIfCancellationRequested();
                progress?.Report($"run {run} of {runs}: {string.Join(' ', command)}");
                var options = collection with { OutputDirectory = Path.Combine(root.FullName, $"run-{run}"), CaptureTargetOutput = true };
                var result = await Collector.LaunchAsync(command[0], [.. command.Skip(1)], options, cancellation).ConfigureAwait(false);
                if (result.TargetExitCode is not 0)
                {
                    throw new ProfilerException(ProfilerErrorKind.Target, $"Run {run} of '{string.Join(' ', command)}' exited with code {result.TargetExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}: a scenario must succeed to be measured.{Environment.NewLine}{result.TargetOutput}");
                }

                measurements.Add(RunMeasurement.From(ProfileAnalysis.Analyze(result.Directory, analysis).Report) with { SamplingIntervalSeconds = options.SamplingIntervalMilliseconds / 1000.0 });
                Directory.Delete(result.Directory, recursive: true);
            }

            return measurements;
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
