using System;
using System.Globalization;

namespace EfficiencyKit.Energy.Sources;

/// <summary>
/// Parses a <c>/proc/PID/stat</c> or <c>/proc/PID/task/TID/stat</c> line. Fields are counted after the last ')',
/// because the command name (field 2) may itself contain spaces and parentheses.
/// </summary>
public static class ProcPidStat
{
    /// <summary>Linux USER_HZ: stat times count in 1/100 s on every mainstream architecture.</summary>
    public const long TicksPerSecond = 100;

    /// <param name="stat">The file's content.</param>
    /// <param name="cpuTicks">utime + stime (fields 14 and 15), in clock ticks.</param>
    /// <param name="startTicks">starttime (field 22), in clock ticks since boot.</param>
    public static bool TryParse(string stat, out long cpuTicks, out long startTicks)
    {
        cpuTicks = 0;
        startTicks = 0;
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return false;
        }

        // After ") " come state (field 3) and the rest: field N is at index N - 3.
        var fields = stat.Substring(close + 1).Split([' '], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length <= 19
            || !long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var utime)
            || !long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var stime)
            || !long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out startTicks))
        {
            return false;
        }

        cpuTicks = utime + stime;
        return true;
    }
}
