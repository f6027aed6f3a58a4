using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace EfficiencyKit.Build.Evidence;

/// <summary>
/// Turns a dotnet-energy report and the models manifest into the global analyzer config the analyzers read
/// (format: src/Shared/AnalyzerEvidenceFormat.cs). The <see cref="WriteAnalyzerEvidence"/> task and the analyzer
/// tests' helper both call this, so what the tests feed the analyzers is what a build gives them.
/// </summary>
public sealed class AnalyzerEvidenceWriter
{
    private readonly StringBuilder _text = new StringBuilder().Append("is_global = true\n");

    /// <summary>
    /// Adds what the report at <paramref name="path"/> (its text <paramref name="json"/>) measured; false, adding
    /// nothing, with the reason when it is not a readable report. <paramref name="warn"/> hears that a v1 report was read.
    /// </summary>
    public bool TryAddProfileReport(string path, string json, Action<string> warn, out string error)
    {
        if (!TryRead(() => ProfileReportContract.Parse(path, json, warn), out var report, out error))
        {
            return false;
        }

        var sites = (report.CallSites ?? [])
            .Where(site => site.IsUserCode && site.File is not null && site.Line > 0)
            .GroupBy(site => (File: site.File!, Line: site.Line!.Value))
            .Select(group => (group.Key.File, group.Key.Line, Joules: group.Sum(site => site.Joules)))
            .OrderByDescending(site => site.Joules)
            .ToList();
        var remote = (report.RemoteCalls ?? [])
            .Where(call => call.MinJoules is not null && call.MaxJoules is not null && call.File is not null && call.Line > 0)
            .ToList();

        Add(AnalyzerEvidenceFormat.ProfileOrigin, AnalyzerEvidenceFormat.Encode(report.EnergyOrigin ?? "modelled"));
        if ((report.Sources ?? []).Select(source => source?.Uncertainty?.Relative).FirstOrDefault(relative => relative is not null) is { } uncertainty)
        {
            Add(AnalyzerEvidenceFormat.ProfileUncertainty, AnalyzerEvidenceFormat.Number(uncertainty));
        }

        Add(AnalyzerEvidenceFormat.ProfileSites, AnalyzerEvidenceFormat.Number(sites.Count));
        for (var i = 0; i < sites.Count; i++)
        {
            Add(AnalyzerEvidenceFormat.ProfileSite(i + 1), AnalyzerEvidenceFormat.Encode(sites[i].File, AnalyzerEvidenceFormat.Number(sites[i].Line), AnalyzerEvidenceFormat.Number(sites[i].Joules)));
        }

        Add(AnalyzerEvidenceFormat.ProfileRemoteCalls, AnalyzerEvidenceFormat.Number(remote.Count));
        for (var i = 0; i < remote.Count; i++)
        {
            var call = remote[i];
            Add(AnalyzerEvidenceFormat.ProfileRemoteCall(i + 1), AnalyzerEvidenceFormat.Encode(call.File!, AnalyzerEvidenceFormat.Number(call.Line!.Value), AnalyzerEvidenceFormat.Number(call.MinJoules!.Value), AnalyzerEvidenceFormat.Number(call.MaxJoules!.Value)));
        }

        return true;
    }

    /// <summary>
    /// Adds what the manifest at <paramref name="path"/> (its text <paramref name="json"/>) says about each model; false,
    /// adding nothing, with the reason when it is not a readable manifest. <paramref name="warn"/> hears that a v1 manifest was read.
    /// </summary>
    public bool TryAddModelsManifest(string path, string json, Action<string> warn, out string error)
    {
        if (!TryRead(() => ModelsManifestContract.Parse(path, json, warn), out var manifest, out error))
        {
            return false;
        }

        // A model the inspection could not estimate has no energy figure: the analyzers have nothing to say about it.
        var models = (manifest.Models ?? []).Where(model => model?.OutputPath is not null && model.Inspection?.Energy is not null).ToList();
        Add(AnalyzerEvidenceFormat.Models, AnalyzerEvidenceFormat.Number(models.Count));
        for (var i = 0; i < models.Count; i++)
        {
            Add(AnalyzerEvidenceFormat.Model(i + 1), AnalyzerEvidenceFormat.Encode(ModelFields(models[i]).ToArray()));
        }

        return true;
    }

    /// <summary>The config text: a global analyzer config (<c>is_global = true</c>) of the evidence added so far.</summary>
    public override string ToString() => _text.ToString();

    private static IEnumerable<string> ModelFields(ManifestModelContract model)
    {
        var inspection = model.Inspection!;
        var energy = inspection.Energy!;
        yield return model.OutputPath!;
        yield return AnalyzerEvidenceFormat.Boolean(inspection.IsMostlyFloat32);
        yield return AnalyzerEvidenceFormat.Number(inspection.Millijoules);
        yield return AnalyzerEvidenceFormat.Boolean(energy.LowerBound);
        yield return energy.Profile ?? "?";
        yield return AnalyzerEvidenceFormat.Number(inspection.Cost?.BatchSize ?? 0);
        yield return AnalyzerEvidenceFormat.Number(inspection.Megabytes);

        // The copy the build makes comes first, with its Quantize value; then the siblings, whose precision the analyzers read from the name.
        var copies = new List<string>();
        if (model.QuantizedOutputPath is { } produced)
        {
            copies.Add(produced);
            yield return produced;
            yield return model.Quantize?.ToLowerInvariant() ?? string.Empty;
        }

        foreach (var sibling in (model.QuantizedSiblings ?? []).Where(sibling => sibling is not null && !copies.Contains(sibling)))
        {
            copies.Add(sibling);
            yield return sibling;
            yield return string.Empty;
        }
    }

    private static bool TryRead<T>(Func<T> parse, out T document, out string error)
        where T : class
    {
        try
        {
            document = parse();
            error = string.Empty;
            return true;
        }
        catch (Exception exception) when (exception is JsonException or InvalidDataException)
        {
            document = null!;
            error = exception.Message;
            return false;
        }
    }

    private void Add(string key, string value) => _text.Append(key).Append(" = ").Append(value).Append('\n');
}
