using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// The models manifest the EfficiencyKit MSBuild tasks write to obj/ and pass as an AdditionalFiles item
/// (schema efficiencykit.models-manifest/v2, camelCase names; v1, snake_case, is still read), indexed by
/// output-relative model path.
/// </summary>
internal sealed class ModelManifest
{
    public const string FileName = "efficiencykit.models.json";

    private readonly Dictionary<string, ManifestModel> _models;

    private ModelManifest(Dictionary<string, ManifestModel> models) => _models = models;

    /// <summary>The manifest among the additional files, or null when there is none or it cannot be read.</summary>
    public static ModelManifest? Find(ImmutableArray<AdditionalText> files, CancellationToken cancellationToken)
    {
        var file = files.FirstOrDefault(f => string.Equals(Path.GetFileName(f.Path), FileName, StringComparison.OrdinalIgnoreCase));
        var text = file?.GetText(cancellationToken)?.ToString();
        if (text is null || JsonValueReader.TryParse(text) is not Dictionary<string, object?> root || root.TryGetValue("models", out var models) is false || models is not List<object?> list)
        {
            return null;
        }

        var byPath = new Dictionary<string, ManifestModel>(StringComparer.Ordinal);
        foreach (var entry in list.OfType<Dictionary<string, object?>>())
        {
            if (Read(entry) is { } model)
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

    private static ManifestModel? Read(Dictionary<string, object?> entry)
    {
        if (TryGet(entry, "outputPath", out var path) is false || path is not string outputPath
            || entry.TryGetValue("inspection", out var inspectionValue) is false || inspectionValue is not Dictionary<string, object?> inspection
            || inspection.TryGetValue("energy", out var energyValue) is false || energyValue is not Dictionary<string, object?> energy)
        {
            return null;
        }

        var copies = new List<QuantizedCopy>();
        if (TryGet(entry, "quantizedOutputPath", out var quantized) && quantized is string produced)
        {
            copies.Add(QuantizedCopy.Classify(produced, entry.TryGetValue("quantize", out var quantize) ? (quantize as string)?.ToLowerInvariant() : null));
        }

        if (TryGet(entry, "quantizedSiblings", out var siblings) && siblings is List<object?> found)
        {
            foreach (var sibling in found.OfType<string>())
            {
                if (copies.All(c => c.Path != sibling))
                {
                    copies.Add(QuantizedCopy.Classify(sibling, null));
                }
            }
        }

        var types = TryGet(inspection, "dataTypes", out var typesValue) && typesValue is List<object?> typeList ? typeList.OfType<Dictionary<string, object?>>().ToList() : [];
        var totalBytes = types.Sum(t => Number(t, "bytes"));
        var floatBytes = types.Where(t => TryGet(t, "dataType", out var name) && name is "FLOAT").Sum(t => Number(t, "bytes"));
        var cost = inspection.TryGetValue("cost", out var costValue) && costValue is Dictionary<string, object?> costObject ? costObject : [];
        return new ManifestModel(
            outputPath,
            totalBytes > 0 && floatBytes * 2 > totalBytes,
            copies,
            Number(energy, "joules") * 1e3,
            TryGet(energy, "lowerBound", out var bound) && bound is true,
            energy.TryGetValue("profile", out var profile) && profile is string name ? name : "?",
            (long)Number(cost, "batchSize"),
            (Number(inspection, "fileBytes") + Number(inspection, "externalDataBytes")) / 1e6);
    }

    private static double Number(Dictionary<string, object?> values, string key) => TryGet(values, key, out var value) && value is double number ? number : 0;

    // A field by its camelCase name, or by the snake_case name a v1 manifest gave it ("batchSize", "batch_size").
    private static bool TryGet(Dictionary<string, object?> values, string name, out object? value)
        => values.TryGetValue(name, out value) || values.TryGetValue(SnakeCase(name), out value);

    private static string SnakeCase(string name)
    {
        var snake = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            snake.Append(char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString());
        }

        return snake.ToString();
    }
}
