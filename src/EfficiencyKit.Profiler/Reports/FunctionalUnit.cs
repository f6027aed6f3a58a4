using System.Globalization;

namespace EfficiencyKit.Profiler.Reports;

/// <summary>What one run serves: <paramref name="Count"/> units named <paramref name="Name"/> (requests, documents, tickets).</summary>
public sealed record FunctionalUnit(string Name, long Count)
{
    /// <summary>Parses "name=count"; errors name <paramref name="option"/>.</summary>
    public static FunctionalUnit Parse(string text, string option)
    {
        var parts = text.Split('=');
        if (parts.Length != 2 || parts[0].Trim().Length == 0 || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || count <= 0)
        {
            throw new ProfilerException(ProfilerErrorKind.Usage, $"{option} '{text}' is not NAME=COUNT with a positive count, e.g. {option} ticket=8.");
        }

        return new FunctionalUnit(parts[0].Trim(), count);
    }
}
