using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>
/// The .NET processes that can be profiled: those with a diagnostic socket (<c>dotnet-diagnostic-PID-…-socket</c>)
/// in the temp folder whose process still exists. Stale sockets of exited processes (and processes we may not
/// read) are skipped rather than failing the listing, and so is the calling process itself.
/// </summary>
public static partial class DotNetProcesses
{
    public static IReadOnlyList<(int ProcessId, string Name, string CommandLine)> List(string? tempDirectory = null, string procRoot = "/proc")
    {
        var processes = new List<(int, string, string)>();
        var directory = tempDirectory ?? Path.GetTempPath();
        if (!Directory.Exists(directory))
        {
            return processes;
        }

        var ids = Directory.EnumerateFiles(directory, "dotnet-diagnostic-*-socket")
            .Select(path => SocketName().Match(Path.GetFileName(path)))
            .Where(match => match.Success)
            .Select(match => int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture))
            .Distinct()
            .Where(pid => pid != Environment.ProcessId)
            .Order();
        foreach (var pid in ids)
        {
            var processDirectory = Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture));
            try
            {
                var name = File.ReadAllText(Path.Combine(processDirectory, "comm")).TrimEnd('\n');
                var commandLine = File.ReadAllText(Path.Combine(processDirectory, "cmdline")).Replace('\0', ' ').Trim();
                processes.Add((pid, name, commandLine));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Stale socket (the process is gone) or another user's process.
            }
        }

        return processes;
    }

    [GeneratedRegex(@"^dotnet-diagnostic-(?<pid>\d+)-\d+-socket$")]
    private static partial Regex SocketName();
}
