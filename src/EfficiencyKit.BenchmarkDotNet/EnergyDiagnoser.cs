using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using BenchmarkDotNet.Analysers;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;
using EfficiencyKit.Energy;

namespace EfficiencyKit.BenchmarkDotNet;

/// <summary>
/// Measures energy around a benchmark's actual workload iterations only (between BenchmarkDotNet's
/// BeforeActualRun and AfterActualRun signals, which the benchmark process waits on), so pilot, warm-up and
/// overhead iterations are excluded. With the power model it reads the benchmark process's own CPU time and
/// bills (max − idle) watts per CPU-second: idle power is subtracted exactly and other processes do not count.
/// With RAPL or NVML, which are machine-wide, it samples idle power for a second while the benchmark process
/// waits, and subtracts it; other load on the machine during the run still skews the figure.
/// </summary>
public sealed class EnergyDiagnoser : IDiagnoser
{
    private static readonly TimeSpan s_idleSample = TimeSpan.FromSeconds(1);

    private readonly EnergyMeterOptions _options;
    private readonly ConcurrentDictionary<BenchmarkCase, Window> _open = new();
    private readonly ConcurrentDictionary<BenchmarkCase, List<(double Joules, double CpuSeconds)>> _runs = new();
    private readonly ConcurrentDictionary<BenchmarkCase, EnergyMeasurement> _results = new();
    private readonly Lazy<EnergyMeterSelection> _selection;

    public EnergyDiagnoser()
        : this(new EnergyMeterOptions())
    {
    }

    /// <param name="options">Which energy sources to use (default: RAPL where readable, else the power model; GPU where NVML exists).</param>
    public EnergyDiagnoser(EnergyMeterOptions options)
    {
        _options = options;
        _selection = new Lazy<EnergyMeterSelection>(() => EnergyMeters.Open(_options), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public IEnumerable<string> Ids => ["Energy"];

    public IEnumerable<IExporter> Exporters => [];

    public IEnumerable<IAnalyser> Analysers => [];

    /// <summary>Results so far, for the columns.</summary>
    public IReadOnlyDictionary<BenchmarkCase, EnergyMeasurement> Results => _results;

    public RunMode GetRunMode(BenchmarkCase benchmarkCase) => RunMode.NoOverhead;

    public void Handle(HostSignal signal, DiagnoserActionParameters parameters)
    {
        switch (signal)
        {
            case HostSignal.BeforeActualRun:
                var meter = _selection.Value.Meter;
                var idleWatts = IsModelled(meter) ? 0 : SampleIdleWatts(meter);
                _open[parameters.BenchmarkCase] = new Window(meter.Read(), ProcessCpuClock.Seconds(parameters.Process.Id), idleWatts);
                break;
            case HostSignal.AfterActualRun when _open.TryRemove(parameters.BenchmarkCase, out var window):
                var end = _selection.Value.Meter.Read();
                var cpu = ProcessCpuClock.Seconds(parameters.Process.Id) - window.CpuSeconds;
                var joules = IsModelled(_selection.Value.Meter)
                    ? ModelledDynamicJoules(cpu)
                    : Math.Max(0, end.TotalJoules - window.Start.TotalJoules - (window.IdleWatts * Seconds(window.Start, end)));
                _runs.GetOrAdd(parameters.BenchmarkCase, _ => []).Add((joules, cpu));
                break;
        }
    }

    public IEnumerable<Metric> ProcessResults(DiagnoserResults results)
    {
        if (_runs.TryRemove(results.BenchmarkCase, out var runs) && runs.Count > 0)
        {
            var meter = _selection.Value.Meter;
            _results[results.BenchmarkCase] = new EnergyMeasurement(
                runs.Sum(r => r.Joules),
                runs.Sum(r => r.CpuSeconds),
                DescribeSources(meter),
                IsModelled(meter) ? EnergyOrigin.Modelled : EnergyOrigin.Measured,
                meter.Sources[0].Uncertainty,
                IsModelled(meter) ? "power model: (max - idle) watts per CPU-second of the benchmark process" : $"idle power sampled for {s_idleSample.TotalSeconds:0} s before the run and subtracted");
        }

        // The columns read Results; no metric, so BenchmarkDotNet adds no second, unit-less column.
        return [];
    }

    public void DisplayResults(ILogger logger)
    {
        var selection = _selection.IsValueCreated ? _selection.Value : null;
        if (selection is null)
        {
            return;
        }

        logger.WriteLineInfo($"// EnergyDiagnoser: {DescribeSources(selection.Meter)}; {string.Join("; ", selection.Meter.Sources.Select(s => $"{s.Kind} ({s.Origin}) {s.Scope}, uncertainty {s.Uncertainty}"))}");
        foreach (var note in selection.Notes)
        {
            logger.WriteLineInfo("// EnergyDiagnoser note: " + note);
        }
    }

    public IEnumerable<ValidationError> Validate(ValidationParameters validationParameters)
    {
        if (!OperatingSystem.IsLinux())
        {
            yield return new ValidationError(false, "EnergyDiagnoser reads /proc and /sys and needs Linux; energy columns will be empty on this OS.");
        }
    }

    private static bool IsModelled(IEnergyMeter meter) => meter.Sources.All(s => s.Origin == EnergyOrigin.Modelled);

    private static string DescribeSources(IEnergyMeter meter) => string.Join(" + ", meter.Sources.Select(s => s.Kind switch
    {
        EnergySourceKind.PowercapRapl => "RAPL",
        EnergySourceKind.Nvml => "NVML",
        _ => "power model",
    }));

    private static double Seconds(EnergySample start, EnergySample end) => (end.Timestamp - start.Timestamp) / (double)Stopwatch.Frequency;

    /// <summary>Machine power while the benchmark process waits for our acknowledgment.</summary>
    private static double SampleIdleWatts(IEnergyMeter meter)
    {
        var start = meter.Read();
        Thread.Sleep(s_idleSample);
        var end = meter.Read();
        return (end.TotalJoules - start.TotalJoules) / Seconds(start, end);
    }

    private double ModelledDynamicJoules(double cpuSeconds)
    {
        var model = _options.PowerModel;
        return model.PowerUsageEffectiveness * (model.MaxWattsPerVcpu - model.IdleWattsPerVcpu) * cpuSeconds;
    }

    private sealed record Window(EnergySample Start, double CpuSeconds, double IdleWatts);

    /// <summary>Formats joules with one unit for a whole column, so values compare at a glance.</summary>
    internal static (double Scale, string Unit) ChooseUnit(double largestJoules) => largestJoules switch
    {
        >= 1 => (1, "J"),
        >= 1e-3 => (1e3, "mJ"),
        >= 1e-6 => (1e6, "µJ"),
        _ => (1e9, "nJ"),
    };

    internal static string Format(double joules, (double Scale, string Unit) unit)
        => (joules * unit.Scale).ToString("N3", CultureInfo.InvariantCulture) + " " + unit.Unit;
}
