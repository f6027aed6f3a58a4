namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// What the build's models manifest says about each model, as the MSBuild task WriteAnalyzerEvidence hands it to the
/// analyzers (global config keys <c>efficiencykit.model.N</c>, src/Shared/AnalyzerEvidenceFormat.cs), indexed by
/// output-relative model path.
/// </summary>
internal sealed class ModelManifest
{
    private readonly Dictionary<string, ManifestModel> _models;

    private ModelManifest(Dictionary<string, ManifestModel> models) => _models = models;

    /// <summary>The manifest the build handed over, or null when there is none.</summary>
    public static ModelManifest? Find(AnalyzerConfigOptions globalOptions)
    {
        if (!globalOptions.TryGetValue(AnalyzerEvidenceFormat.Models, out var countText) || !AnalyzerEvidenceFormat.TryInteger(countText, out var count))
        {
            return null;
        }

        var byPath = new Dictionary<string, ManifestModel>(StringComparer.Ordinal);
        // The writer numbers models without gaps: the first missing key ends the list, whatever the count says.
        for (var i = 1; i <= count && globalOptions.TryGetValue(AnalyzerEvidenceFormat.Model(i), out var value); i++)
        {
            if (Read(AnalyzerEvidenceFormat.Decode(value)) is { } model)
            {
                byPath[model.OutputPath] = model;
            }
        }

        return new ModelManifest(byPath);
    }

    /// <summary>The model a resolved path names ("models/intent.onnx", "./models\intent.onnx"), or null.</summary>
    public ManifestModel? Lookup(string path)
    {
        var normalized = path.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized.Substring(2);
        }

        return _models.TryGetValue(normalized, out var model) ? model : null;
    }

    // outputPath|mostlyFloat32|millijoules|lowerBound|profile|batchSize|megabytes, then path and Quantize value per quantized copy.
    private static ManifestModel? Read(string[] fields)
    {
        if (fields.Length < 7 || fields.Length % 2 == 0
            || !AnalyzerEvidenceFormat.TryNumber(fields[2], out var millijoules)
            || !AnalyzerEvidenceFormat.TryInteger(fields[5], out var batchSize)
            || !AnalyzerEvidenceFormat.TryNumber(fields[6], out var megabytes))
        {
            return null;
        }

        var copies = new List<QuantizedCopy>();
        for (var i = 7; i < fields.Length; i += 2)
        {
            copies.Add(QuantizedCopy.Classify(fields[i], fields[i + 1].Length == 0 ? null : fields[i + 1]));
        }

        return new ManifestModel(fields[0], fields[1] == "true", copies, millijoules, fields[3] == "true", fields[4], batchSize, megabytes);
    }
}
