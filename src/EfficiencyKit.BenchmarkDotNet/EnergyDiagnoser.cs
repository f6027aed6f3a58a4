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
    private static readonly TimeSpan s_keepReadingInterval = TimeSpan.FromSeconds(10);

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

    /// <summary>
    /// What was measured so far, per benchmark: total joules and CPU seconds of the measured launch, for callers that want
    /// more than the per-operation metric the exporters get.
    /// </summary>
    public IReadOnlyDictionary<BenchmarkCase, EnergyMeasurement> Results => _results;

    public RunMode GetRunMode(BenchmarkCase benchmarkCase) => RunMode.NoOverhead;

    public void Handle(HostSignal signal, DiagnoserActionParameters parameters)
    {
        switch (signal)
        {
            case HostSignal.BeforeActualRun:
                var meter = _selection.Value.Meter;
                var idleWatts = SampleIdleWatts(meter);
                var start = meter.Read();

                // Counters that wrap (RAPL) are corrected for one wrap per read: keep reading during long runs.
                var keepReading = new Timer(_ => meter.Read(), null, s_keepReadingInterval, s_keepReadingInterval);
                _open[parameters.BenchmarkCase] = new Window(start, ProcessCpuClock.Seconds(parameters.Process.Id), idleWatts, keepReading);
                break;
            case HostSignal.AfterActualRun when _open.TryRemove(parameters.BenchmarkCase, out var window):
                window.KeepReading.Dispose();
                var end = _selection.Value.Meter.Read();
                var cpu = ProcessCpuClock.Seconds(parameters.Process.Id) - window.CpuSeconds;
                var seconds = (end.Timestamp - window.Start.Timestamp) / (double)Stopwatch.Frequency;
                var joules = 0.0;
                foreach (var source in _selection.Value.Meter.Sources)
                {
                    joules += source.Origin == EnergyOrigin.Modelled
                        ? ModelledDynamicJoules(cpu)
                        : Math.Max(0, end.JoulesFrom(source.Kind) - window.Start.JoulesFrom(source.Kind) - (window.IdleWatts.GetValueOrDefault(source.Kind) * seconds));
                }

                _runs.GetOrAdd(parameters.BenchmarkCase, _ => []).Add((joules, cpu));
                break;
        }
    }

    /// <summary>
    /// Yields joules per operation as a <see cref="Metric"/> (its <see cref="EnergyMetricDescriptor"/> carries the
    /// source and uncertainty), so the energy reaches every exporter; <paramref name="results"/> holds the measured
    /// launch's measurements, the last one, the only one BenchmarkDotNet runs diagnosers in.
    /// </summary>
    public IEnumerable<Metric> ProcessResults(DiagnoserResults results)
    {
        if (!_runs.TryRemove(results.BenchmarkCase, out var runs) || runs.Count == 0)
        {
            return [];
        }

        var sources = _selection.Value.Meter.Sources;
        var origins = sources.Select(s => s.Origin).Distinct().ToList();
        var measurement = new EnergyMeasurement(
            runs.Sum(r => r.Joules),
            runs.Sum(r => r.CpuSeconds),
            string.Join(" + ", sources.Select(Name)),
            origins.Count > 1 ? "mixed" : origins[0] == EnergyOrigin.Modelled ? "modelled" : "measured",
            string.Join("; ", sources.Select(s => sources.Count > 1 ? $"{Name(s)} {Uncertainty(s)}" : Uncertainty(s))),
            string.Join("; ", sources.Select(s => s.Origin == EnergyOrigin.Modelled
                ? $"{Name(s)}: (max - idle) watts per CPU-second of the benchmark process"
                : $"{Name(s)}: idle power sampled for {s_idleSample.TotalSeconds:0} s before the run and subtracted")));
        _results[results.BenchmarkCase] = measurement;

        // Not an iterator: the measurement above is recorded whether or not BenchmarkDotNet enumerates the metrics.
        return EnergyMeasurement.ActualOperations(results.Measurements) is > 0 and var operations
            ? [new Metric(new EnergyMetricDescriptor(measurement.Source, measurement.Origin, measurement.Uncertainty, measurement.IdleBasis), measurement.Joules / operations)]
            : [];
    }

    public void DisplayResults(ILogger logger)
    {
        var selection = _selection.IsValueCreated ? _selection.Value : null;
        if (selection is null)
        {
            return;
        }

        logger.WriteLineInfo($"// EnergyDiagnoser: {string.Join("; ", selection.Meter.Sources.Select(s => $"{Name(s)} ({s.Origin}) {s.Scope}, uncertainty {s.Uncertainty}"))}");
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

    private static string Name(EnergySourceDescription source) => source.Kind switch
    {
        EnergySourceKind.PowercapRapl => "RAPL",
        EnergySourceKind.Nvml => "NVML",
        _ => "power model",
    };

    private static string Uncertainty(EnergySourceDescription source)
        => source.Uncertainty.Relative is { } relative ? $"±{(relative * 100).ToString("0", CultureInfo.InvariantCulture)}%" : "not quantified";

    /// <summary>
    /// Idle watts of each measured source, sampled while the benchmark process waits for our acknowledgment.
    /// The power model needs none: its idle share is excluded by construction.
    /// </summary>
    private static Dictionary<EnergySourceKind, double> SampleIdleWatts(IEnergyMeter meter)
    {
        var idle = new Dictionary<EnergySourceKind, double>();
        if (meter.Sources.All(s => s.Origin == EnergyOrigin.Modelled))
        {
            return idle;
        }

        var start = meter.Read();
        Thread.Sleep(s_idleSample);
        var end = meter.Read();
        var seconds = (end.Timestamp - start.Timestamp) / (double)Stopwatch.Frequency;
        foreach (var source in meter.Sources.Where(s => s.Origin == EnergyOrigin.Measured))
        {
            idle[source.Kind] = (end.JoulesFrom(source.Kind) - start.JoulesFrom(source.Kind)) / seconds;
        }

        return idle;
    }

    private double ModelledDynamicJoules(double cpuSeconds)
    {
        var model = _options.PowerModel;
        return model.PowerUsageEffectiveness * (model.MaxWattsPerVcpu - model.IdleWattsPerVcpu) * cpuSeconds;
    }

    private sealed record Window(EnergySample Start, double CpuSeconds, Dictionary<EnergySourceKind, double> IdleWatts, Timer KeepReading);

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
