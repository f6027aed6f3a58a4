using System;
using System.Globalization;

namespace EfficiencyKit.Energy.Sources;

/// <summary>
/// The machine-wide CPU line of <c>/proc/stat</c> in clock ticks, and the number of CPUs listed.
/// Busy = user + nice + system + irq + softirq (guest time is already inside user; steal is time the
/// hypervisor gave to someone else and is not ours; idle and iowait are not busy). Public for the profiler,
/// which reads the machine's busy time and vCPU count the same way the power model does.
/// </summary>
public readonly struct ProcStatSnapshot(ulong busyTicks, ulong totalTicks, int cpuCount)
{
    /// <summary>Busy time of all CPUs together, in clock ticks (<see cref="ProcPidStat.TicksPerSecond"/> per second and CPU).</summary>
    public ulong BusyTicks { get; } = busyTicks;

    /// <summary>Busy plus idle and iowait time of all CPUs together, in clock ticks.</summary>
    public ulong TotalTicks { get; } = totalTicks;

    /// <summary>The number of per-CPU lines (<c>cpu0</c>, <c>cpu1</c>, …): the CPUs this machine or VM has online.</summary>
    public int CpuCount { get; } = cpuCount;

    /// <summary>Parses the content of <c>/proc/stat</c>.</summary>
    /// <param name="text">The file's content.</param>
    /// <param name="path">Where it was read from, for the error message.</param>
    /// <exception cref="EnergySourceException">The text has no aggregate or no per-CPU line, or a field that is not a tick count.</exception>
    public static ProcStatSnapshot Parse(string text, string path)
    {
        ulong[]? aggregate = null;
        var cpus = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("cpu ", StringComparison.Ordinal))
            {
                aggregate = ParseFields(line, path);
            }
            else if (line.Length > 3 && line.StartsWith("cpu", StringComparison.Ordinal) && char.IsDigit(line[3]))
            {
                cpus++;
            }
        }

        if (aggregate is null || cpus == 0)
        {
            throw new EnergySourceException(EnergySourceKind.PowerModel, $"'{path}' has no aggregate 'cpu' line or no per-CPU lines; is it a Linux /proc/stat?");
        }

        // user nice system idle iowait irq softirq steal guest guest_nice (older kernels list fewer).
        ulong Field(int index) => index < aggregate.Length ? aggregate[index] : 0;
        var busy = Field(0) + Field(1) + Field(2) + Field(5) + Field(6);
        var total = busy + Field(3) + Field(4);
        return new ProcStatSnapshot(busy, total, cpus);
    }

    private static ulong[] ParseFields(string line, string path)
    {
        var parts = line.Split([' '], StringSplitOptions.RemoveEmptyEntries);
        var fields = new ulong[parts.Length - 1];
        for (var i = 1; i < parts.Length; i++)
        {
            if (!ulong.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out fields[i - 1]))
            {
                throw new EnergySourceException(EnergySourceKind.PowerModel, $"'{path}': field {i} of the 'cpu' line is '{parts[i]}', not a tick count.");
            }
        }

        return fields;
    }
}
