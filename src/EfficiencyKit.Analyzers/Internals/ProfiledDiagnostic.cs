namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Creates every EfficiencyKit diagnostic. Each rule's message ends with one more placeholder than its arguments:
/// empty, or what the last profile measured at the diagnostic's lines (<see cref="ProfileEvidence"/>). A line among
/// the profile's top EfficiencyKitProfileTopSites energy sites is raised to at least a warning.
/// </summary>
internal static class ProfiledDiagnostic
{
    public static Diagnostic Create(
        DiagnosticDescriptor rule,
        Location location,
        AnalyzerOptions options,
        DiagnosticSeverity? severity,
        ImmutableDictionary<string, string?>? properties,
        IEnumerable<Location>? additionalLocations,
        params object?[] messageArgs)
    {
        var note = ProfileEvidence.Find(options).At(location, ProfileEvidence.TopSites(options));
        var effective = severity ?? rule.DefaultSeverity;
        if (note is { IsTopSite: true } && effective < DiagnosticSeverity.Warning)
        {
            effective = DiagnosticSeverity.Warning;
        }

        return Diagnostic.Create(rule, location, effective, additionalLocations, properties, [.. messageArgs, note?.Suffix ?? string.Empty]);
    }
}
