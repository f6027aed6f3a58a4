using System;
using System.Globalization;
using System.IO;

namespace EfficiencyKit.BenchmarkDotNet;

/// <summary>A process's total CPU time (utime + stime of /proc/PID/stat, 10 ms resolution; parsed after the last ')').</summary>
internal static class ProcessCpuClock
{
    public static double Seconds(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
