namespace EfficiencyKit.Benchmarks;

/// <summary>The machine a harness ran on, for the header of its table: figures are only comparable on the same CPU.</summary>
internal static class HostCpu
{
    /// <summary>The CPU's model name from /proc/cpuinfo; null where there is none (not Linux).</summary>
    public static string? ModelName()
        => File.Exists("/proc/cpuinfo") && File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) is { } line
            ? line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()
            : null;
}
