using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace EfficiencyKit.Energy.Sources;

/// <summary>
/// Models machine energy from <c>/proc/stat</c>: every vCPU draws its idle watts all the time, busy CPU
/// time adds (max − idle) watts per CPU-second, installed memory draws a constant, all times PUE
/// (<see cref="PowerModelConstants"/>). This is what runs where no energy counter is readable; every
/// figure it produces is labelled modelled, ±50%.
/// </summary>
public sealed class PowerModelMeter : IEnergyMeter
{
    /// <summary>Linux USER_HZ: /proc/stat counts in 1/100 s on every mainstream architecture.</summary>
    private const double TicksPerSecond = 100;

    private readonly Func<string, string> _readAllText;
    private readonly Func<long> _clock;
    private readonly string _statPath;
    private readonly PowerModelConstants _constants;
    private readonly double _memoryGigabytes;
    private readonly int _vcpus;
    private readonly long _startTimestamp;
    private readonly ulong _startBusyTicks;
    private readonly object _lock = new();

    private PowerModelMeter(Func<string, string> readAllText, string procRoot, PowerModelConstants constants, Func<long> clock)
    {
        _readAllText = readAllText;
        _clock = clock;
        _statPath = Path.Combine(procRoot, "stat");
        _constants = constants;
        _memoryGigabytes = ReadMemoryGigabytes(readAllText, Path.Combine(procRoot, "meminfo"));
        var start = ReadStat();
        _vcpus = start.CpuCount;
        _startBusyTicks = start.BusyTicks;
        _startTimestamp = clock();

        var constantsList = constants.ToDictionary();
        constantsList["vcpus"] = _vcpus.ToString(CultureInfo.InvariantCulture);
        constantsList["memory_gb"] = _memoryGigabytes.ToString("0.##", CultureInfo.InvariantCulture);
        Sources =
        [
            new EnergySourceDescription(
                EnergySourceKind.PowerModel,
                EnergyOrigin.Modelled,
                $"{_vcpus} vCPU + {_memoryGigabytes.ToString("0.#", CultureInfo.InvariantCulture)} GB memory, modelled from /proc/stat",
                constantsList,
                PowerModelConstants.Uncertainty),
        ];
    }

    /// <inheritdoc/>
    public IReadOnlyList<EnergySourceDescription> Sources { get; }

    /// <summary>Opens the model over <paramref name="procRoot"/> (default <c>/proc</c>).</summary>
    public static PowerModelMeter Open(PowerModelConstants? constants = null, string procRoot = "/proc")
        => Open(constants ?? PowerModelConstants.CloudCarbonFootprint, procRoot, File.ReadAllText);

    // clock: timestamps in Stopwatch.Frequency ticks; tests pass their own.
    internal static PowerModelMeter Open(PowerModelConstants constants, string procRoot, Func<string, string> readAllText, Func<long>? clock = null)
    {
        try
        {
            return new PowerModelMeter(readAllText, procRoot, constants, clock ?? Stopwatch.GetTimestamp);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new EnergySourceException(EnergySourceKind.PowerModel, $"Cannot read '{procRoot}/stat' or '{procRoot}/meminfo': {exception.Message}", exception);
        }
    }

    /// <inheritdoc/>
    public EnergySample Read()
    {
        lock (_lock)
        {
            var stat = ReadStat();
            var timestamp = _clock();
            var seconds = (timestamp - _startTimestamp) / (double)Stopwatch.Frequency;
            var busySeconds = (stat.BusyTicks - _startBusyTicks) / TicksPerSecond;
            var pue = _constants.PowerUsageEffectiveness;
            var cpuJoules = pue * ((_vcpus * _constants.IdleWattsPerVcpu * seconds) + ((_constants.MaxWattsPerVcpu - _constants.IdleWattsPerVcpu) * busySeconds));
            var memoryJoules = pue * _memoryGigabytes * _constants.MemoryWattsPerGigabyte * seconds;
            return new EnergySample(
                timestamp,
                [
                    new EnergyDomainReading("cpu", EnergySourceKind.PowerModel, cpuJoules),
                    new EnergyDomainReading("memory", EnergySourceKind.PowerModel, memoryJoules),
                ]);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // Nothing is held open.
    }

    private ProcStatSnapshot ReadStat() => ProcStatSnapshot.Parse(_readAllText(_statPath), _statPath);

    private static double ReadMemoryGigabytes(Func<string, string> readAllText, string path)
    {
        foreach (var line in readAllText(path).Split('\n'))
        {
            if (!line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line.Split([' '], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes))
            {
                return kilobytes / (1024.0 * 1024.0);
            }
        }

        throw new EnergySourceException(EnergySourceKind.PowerModel, $"'{path}' has no 'MemTotal: <n> kB' line.");
    }
}
