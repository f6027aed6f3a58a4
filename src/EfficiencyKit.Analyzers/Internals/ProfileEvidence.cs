using System.Globalization;
using System.Runtime.CompilerServices;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// What the last dotnet-energy profile (MSBuild property EfficiencyKitProfileReport) measured at each line, as the
/// MSBuild task WriteAnalyzerEvidence hands it to the analyzers (global config keys <c>efficiencykit.profile.*</c>,
/// src/Shared/AnalyzerEvidenceFormat.cs), so a diagnostic can say what its call cost; and which lines were the top
/// energy sites (EfficiencyKitProfileTopSites raises their diagnostics to warnings).
/// </summary>
internal sealed class ProfileEvidence
{
    public const string TopSitesProperty = "build_property.EfficiencyKitProfileTopSites";

    // Every diagnostic asks; the options object lives as long as the compilation's analyzer options.
    private static readonly ConditionalWeakTable<AnalyzerConfigOptions, ProfileEvidence> s_read = new();

    private readonly List<Site> _local;
    private readonly List<RemoteSite> _remote;
    private readonly string _qualifier;

    private ProfileEvidence(List<Site> local, List<RemoteSite> remote, string qualifier)
    {
        _local = local;
        _remote = remote;
        _qualifier = qualifier;
    }

    /// <summary>The profile the build handed over; without one, evidence of no lines.</summary>
    public static ProfileEvidence Find(AnalyzerOptions options) => s_read.GetValue(options.AnalyzerConfigOptionsProvider.GlobalOptions, Read);

    /// <summary>How many of the profile's top call sites get warnings (0: none).</summary>
    public static int TopSites(AnalyzerOptions options)
        => options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(TopSitesProperty, out var value)
            && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count > 0 ? count : 0;

    /// <summary>What the profile says about the lines of <paramref name="location"/>, or null when it has nothing there.</summary>
    public ProfileNote? At(Location location, int topSites)
    {
        if (!location.IsInSource)
        {
            return null;
        }

        var span = location.GetLineSpan();
        var (first, last) = (span.StartLinePosition.Line + 1, span.EndLinePosition.Line + 1);
        bool Here(string file, int line) => line >= first && line <= last && SameFile(file, span.Path);

        var local = _local.Where(s => Here(s.File, s.Line)).ToList();
        var remote = _remote.Where(s => Here(s.File, s.Line)).ToList();
        if (local.Count == 0 && remote.Count == 0)
        {
            return null;
        }

        var parts = new List<string>();
        if (local.Count > 0)
        {
            parts.Add(string.Format(CultureInfo.InvariantCulture, "measured {0} at this line ({1})", Joules(local.Sum(s => s.Joules)), _qualifier));
        }

        if (remote.Count > 0)
        {
            parts.Add(string.Format(CultureInfo.InvariantCulture, "estimated {0}-{1} for the remote AI calls at this line (modelled from tokens)", Joules(remote.Sum(s => s.Min)), Joules(remote.Sum(s => s.Max))));
        }

        var rank = local.Count > 0 ? local.Min(s => s.Rank) : int.MaxValue;
        var top = rank <= topSites;
        var ranked = top ? string.Format(CultureInfo.InvariantCulture, "; #{0} of its energy sites", rank) : string.Empty;
        return new ProfileNote($" (the last profile {string.Join(" and ", parts)}{ranked})", top);
    }

    private static ProfileEvidence Read(AnalyzerConfigOptions options)
    {
        var origin = options.TryGetValue(AnalyzerEvidenceFormat.ProfileOrigin, out var originText) ? AnalyzerEvidenceFormat.Decode(originText)[0] : "modelled";
        var qualifier = options.TryGetValue(AnalyzerEvidenceFormat.ProfileUncertainty, out var uncertaintyText) && AnalyzerEvidenceFormat.TryNumber(uncertaintyText, out var fraction)
            ? string.Format(CultureInfo.InvariantCulture, "{0}, ±{1:0}%", origin, fraction * 100)
            : origin;

        // Sites are written highest joules first: the index is the rank.
        var local = new List<Site>();
        foreach (var (fields, index) in Entries(options, AnalyzerEvidenceFormat.ProfileSites, AnalyzerEvidenceFormat.ProfileSite, 3))
        {
            if (TryLine(fields[1], out var line) && AnalyzerEvidenceFormat.TryNumber(fields[2], out var joules))
            {
                local.Add(new Site(fields[0], line, joules, index));
            }
        }

        var remote = new List<RemoteSite>();
        foreach (var (fields, _) in Entries(options, AnalyzerEvidenceFormat.ProfileRemoteCalls, AnalyzerEvidenceFormat.ProfileRemoteCall, 4))
        {
            if (TryLine(fields[1], out var line) && AnalyzerEvidenceFormat.TryNumber(fields[2], out var min) && AnalyzerEvidenceFormat.TryNumber(fields[3], out var max))
            {
                remote.Add(new RemoteSite(fields[0], line, min, max));
            }
        }

        return new ProfileEvidence(local, remote, qualifier);
    }

    private static bool TryLine(string text, out int line) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out line) && line > 0;

    // The decoded values of keys key(1)..key(count) that have the expected number of fields, with their index.
    private static IEnumerable<(string[] Fields, int Index)> Entries(AnalyzerConfigOptions options, string countKey, Func<int, string> key, int fieldCount)
    {
        if (!options.TryGetValue(countKey, out var countText) || !AnalyzerEvidenceFormat.TryInteger(countText, out var count))
        {
            yield break;
        }

        // The writer numbers entries without gaps: the first missing key ends the list, whatever the count says.
        for (var i = 1; i <= count && options.TryGetValue(key(i), out var value); i++)
        {
            if (AnalyzerEvidenceFormat.Decode(value) is { Length: var length } fields && length == fieldCount)
            {
                yield return (fields, i);
            }
        }
    }

    private static string Joules(double joules) => joules switch
    {
        >= 1000 => string.Format(CultureInfo.InvariantCulture, "{0:F2} kJ", joules / 1000),
        >= 1 => string.Format(CultureInfo.InvariantCulture, "{0:F2} J", joules),
        _ => string.Format(CultureInfo.InvariantCulture, "{0:F1} mJ", joules * 1000),
    };

    private static string Normalize(string path) => path.Replace('\\', '/').TrimEnd('/');

    // The profile names files as they were at build time on the profiled machine; another checkout root still
    // matches when the file name and its folder agree.
    private static bool SameFile(string profiled, string compiled)
    {
        var (a, b) = (Normalize(profiled), Normalize(compiled));
        return string.Equals(a, b, StringComparison.Ordinal) || string.Equals(Tail(a), Tail(b), StringComparison.Ordinal);
    }

    private static string Tail(string path)
    {
        var file = path.LastIndexOf('/');
        var folder = file > 0 ? path.LastIndexOf('/', file - 1) : -1;
        return folder >= 0 ? path.Substring(folder + 1) : path;
    }

    private sealed class Site(string file, int line, double joules, int rank)
    {
        public string File { get; } = file;

        public int Line { get; } = line;

        public double Joules { get; } = joules;

        public int Rank { get; } = rank;
    }

    private sealed class RemoteSite(string file, int line, double min, double max)
    {
        public string File { get; } = file;

        public int Line { get; } = line;

        public double Min { get; } = min;

        public double Max { get; } = max;
    }
}
