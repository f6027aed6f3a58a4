namespace EfficiencyKit.Analyzers.Internals;

/// <summary>What a profile adds to a diagnostic: a message suffix, and whether the line is one of the top energy sites.</summary>
internal sealed class ProfileNote
{
    public ProfileNote(string suffix, bool isTopSite)
    {
        Suffix = suffix;
        IsTopSite = isTopSite;
    }

    public string Suffix { get; }

    public bool IsTopSite { get; }
}
