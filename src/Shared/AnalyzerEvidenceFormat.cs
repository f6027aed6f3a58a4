using System;
using System.Globalization;
using System.Linq;

namespace EfficiencyKit;

/// <summary>
/// The one definition of the global analyzer config through which the analyzers see the build's evidence: the
/// dotnet-energy report (EfficiencyKitProfileReport) and the models manifest. The MSBuild task WriteAnalyzerEvidence
/// turns those JSON files into this config ($(IntermediateOutputPath)efficiencykit.evidence.globalconfig), so the
/// analyzers, which load into the compiler, read plain data and carry no JSON parser. Compiled into the writer
/// (EfficiencyKit.Build) and the reader (EfficiencyKit.Analyzers) from this file.
/// <code>
/// efficiencykit.profile.origin = modelled                 the report's energyOrigin
/// efficiencykit.profile.uncertainty = 0.5                 ± fraction of the first source that states one; absent if none
/// efficiencykit.profile.sites = 2                         user call sites, summed per file and line
/// efficiencykit.profile.site.1 = file|line|joules         1.. by joules, highest first: the index is the site's rank
/// efficiencykit.profile.remote_calls = 1
/// efficiencykit.profile.remote_call.1 = file|line|minJoules|maxJoules
/// efficiencykit.models = 1
/// efficiencykit.model.1 = outputPath|mostlyFloat32|millijoules|lowerBound|profile|batchSize|megabytes[|copy|quantize]...
/// </code>
/// A model's quantized copies follow as path and Quantize value pairs: the copy the build makes first (with its
/// Quantize value), then those found beside the model (empty Quantize). Each field is percent-encoded as UTF-8
/// (<see cref="Uri.EscapeDataString"/>: all but A-Z a-z 0-9 - _ . ~), so '|', '=', ';', '#', spaces and non-ASCII
/// characters in paths and names survive the editorconfig parser, which trims values and may cut them at '#' or ';'.
/// Numbers are invariant-culture round-trip ("R"); booleans "true"/"false".
/// </summary>
internal static class AnalyzerEvidenceFormat
{
    public const string ProfileOrigin = "efficiencykit.profile.origin";
    public const string ProfileUncertainty = "efficiencykit.profile.uncertainty";
    public const string ProfileSites = "efficiencykit.profile.sites";
    public const string ProfileRemoteCalls = "efficiencykit.profile.remote_calls";
    public const string Models = "efficiencykit.models";

    private const char Separator = '|';

    /// <summary>The key of the <paramref name="index"/>-th (1-based) profiled call site.</summary>
    public static string ProfileSite(int index) => "efficiencykit.profile.site." + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The key of the <paramref name="index"/>-th (1-based) remote AI call site.</summary>
    public static string ProfileRemoteCall(int index) => "efficiencykit.profile.remote_call." + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The key of the <paramref name="index"/>-th (1-based) model.</summary>
    public static string Model(int index) => "efficiencykit.model." + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>A value: the fields encoded and joined.</summary>
    public static string Encode(params string[] fields) => string.Join(Separator.ToString(), fields.Select(Uri.EscapeDataString));

    /// <summary>The fields of a value written by <see cref="Encode"/>.</summary>
    public static string[] Decode(string value) => value.Split(Separator).Select(Uri.UnescapeDataString).ToArray();

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Boolean(bool value) => value ? "true" : "false";

    public static bool TryNumber(string text, out double value) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    public static bool TryInteger(string text, out long value) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
}
