using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// A dotnet-energy report handed to the analyzers (MSBuild property EfficiencyKitProfileReport, added as an
/// AdditionalFiles item): what the last profile measured at each line, so a diagnostic can say what its call cost,
/// and which lines were the top energy sites (EfficiencyKitProfileTopSites raises their diagnostics to warnings).
/// </summary>
internal sealed class ProfileEvidence
{
    public const string ReportProperty = "build_property.EfficiencyKitProfileReport";
    public const string TopSitesProperty = "build_property.EfficiencyKitProfileTopSites";

    private static readonly ConditionalWeakTable<AdditionalText, ProfileEvidence> s_parsed = new();

    private readonly List<Site> _local;
    private readonly List<RemoteSite> _remote;
    private readonly string _qualifier;

    private ProfileEvidence(List<Site> local, List<RemoteSite> remote, string qualifier)
    {
        _local = local;
        _remote = remote;
        _qualifier = qualifier;
    }

    /// <summary>The report the build named, or null (no property, not among the additional files, or unreadable).</summary>
    public static ProfileEvidence? Find(AnalyzerOptions options)
    {
        if (!options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(ReportProperty, out var path) || string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var wanted = Normalize(path);
        var file = options.AdditionalFiles.FirstOrDefault(f => Normalize(f.Path) == wanted)
            ?? options.AdditionalFiles.FirstOrDefault(f => string.Equals(Path.GetFileName(f.Path), Path.GetFileName(path), StringComparison.Ordinal));
        return file is null ? null : s_parsed.GetValue(file, Parse);
    }

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

    private static ProfileEvidence Parse(AdditionalText file)
    {
        var text = file.GetText()?.ToString();
        if (text is null || JsonValueReader.TryParse(text) is not Dictionary<string, object?> root)
        {
            return new ProfileEvidence([], [], string.Empty);
        }

        var origin = root.TryGetValue("energyOrigin", out var o) && o is string name ? name : "modelled";
        var uncertainty = root.TryGetValue("sources", out var s) && s is List<object?> sources
            ? sources.OfType<Dictionary<string, object?>>()
                .Select(source => source.TryGetValue("uncertainty", out var u) && u is Dictionary<string, object?> details && details.TryGetValue("relative", out var r) && r is double relative ? (double?)relative : null)
                .FirstOrDefault(value => value is not null)
            : null;
        var qualifier = uncertainty is { } fraction ? string.Format(CultureInfo.InvariantCulture, "{0}, ±{1:0}%", origin, fraction * 100) : origin;

        var local = Entries(root, "callSites")
            .Where(site => site.TryGetValue("isUserCode", out var user) && user is true)
            .Select(site => (File: String(site, "file"), Line: Integer(site, "line"), Joules: Number(site, "joules")))
            .Where(site => site.File is not null && site.Line > 0)
            .GroupBy(site => (site.File, site.Line))
            .Select(group => (group.Key.File!, group.Key.Line, Joules: group.Sum(site => site.Joules)))
            .OrderByDescending(site => site.Joules)
            .Select((site, index) => new Site(site.Item1, site.Line, site.Joules, index + 1))
            .ToList();
        var remote = Entries(root, "remoteCalls")
            .Where(site => site.ContainsKey("minJoules") && site.ContainsKey("maxJoules"))
            .Select(site => (File: String(site, "file"), Line: Integer(site, "line"), Min: Number(site, "minJoules"), Max: Number(site, "maxJoules")))
            .Where(site => site.File is not null && site.Line > 0)
            .Select(site => new RemoteSite(site.File!, site.Line, site.Min, site.Max))
            .ToList();
        return new ProfileEvidence(local, remote, qualifier);
    }

    private static IEnumerable<Dictionary<string, object?>> Entries(Dictionary<string, object?> root, string name)
        => root.TryGetValue(name, out var value) && value is List<object?> list ? list.OfType<Dictionary<string, object?>>() : [];

    private static string? String(Dictionary<string, object?> entry, string name) => entry.TryGetValue(name, out var value) ? value as string : null;

    private static int Integer(Dictionary<string, object?> entry, string name) => entry.TryGetValue(name, out var value) && value is double number ? (int)number : 0;

    private static double Number(Dictionary<string, object?> entry, string name) => entry.TryGetValue(name, out var value) && value is double number ? number : 0;

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
