using System.Globalization;
using System.IO;
using EfficiencyKit.Energy.Sources;

namespace EfficiencyKit.BenchmarkDotNet;

/// <summary>A process's total CPU time (utime + stime of /proc/PID/stat, 10 ms resolution).</summary>
internal static class ProcessCpuClock
{
    public static double Seconds(int processId)
    {
        var path = $"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat";
        return ProcPidStat.TryParse(File.ReadAllText(path), out var ticks, out _)
            ? ticks / (double)ProcPidStat.TicksPerSecond
            : throw new InvalidDataException($"'{path}' is not a Linux process stat line.");
    }
}
