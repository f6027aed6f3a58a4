using System;
using System.Globalization;
using System.IO;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>
/// The interval at which a target's runtime samples stacks. EventPipe has no command to change it once the runtime runs:
/// it is read at start-up from <c>DOTNET_EventPipeThreadSamplingRate</c> (or the older <c>COMPlus_</c> name), in
/// hexadecimal milliseconds, and is 1 ms when unset. The schedule's cost model and the report depend on it, so an attached
/// target's value is read from the environment it was started with rather than assumed.
/// </summary>
public static class TargetSamplingInterval
{
    /// <summary>The variable the runtime reads (.NET 10.0.x servicing and later).</summary>
    public const string VariableName = "DOTNET_EventPipeThreadSamplingRate";

    /// <summary>The runtime's interval when the variable is not set.</summary>
    public const double RuntimeDefaultMilliseconds = 1;

    private const string LegacyVariableName = "COMPlus_EventPipeThreadSamplingRate";

    /// <summary>The variable's value for <paramref name="milliseconds"/>.</summary>
    public static string Format(int milliseconds) => milliseconds.ToString("X", CultureInfo.InvariantCulture);

    /// <summary>The interval a value of the variable sets, or null where the runtime would ignore it (not hexadecimal, or 0).</summary>
    public static double? Parse(string? value)
    {
        var text = value?.Trim();
        if (text is not null && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            text = text[2..];
        }

        return uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds > 0
            ? milliseconds
            : null;
    }

    /// <summary>
    /// The interval of the running process <paramref name="processId"/>, from the environment it was started with
    /// (<c>/proc/&lt;pid&gt;/environ</c>, readable for one's own processes); the runtime's default where the variable is
    /// unset or unusable, or where the environment cannot be read (another user's process, not Linux).
    /// </summary>
    public static double OfProcess(string procRoot, int processId)
    {
        string environment;
        try
        {
            environment = File.ReadAllText(Path.Combine(procRoot, processId.ToString(CultureInfo.InvariantCulture), "environ"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return RuntimeDefaultMilliseconds;
        }

        string? current = null;
        string? legacy = null;
        foreach (var entry in environment.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.StartsWith(VariableName + "=", StringComparison.Ordinal))
            {
                current = entry[(VariableName.Length + 1)..];
            }
            else if (entry.StartsWith(LegacyVariableName + "=", StringComparison.Ordinal))
            {
                legacy = entry[(LegacyVariableName.Length + 1)..];
            }
        }

        // The runtime prefers the DOTNET_ name when both are set.
        return Parse(current ?? legacy) ?? RuntimeDefaultMilliseconds;
    }
}
