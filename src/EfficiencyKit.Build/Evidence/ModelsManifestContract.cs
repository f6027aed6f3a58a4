using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace EfficiencyKit.Build.Evidence;

/// <summary>
/// The models manifest <see cref="InspectAiModels"/> writes (docs/schemas/models-manifest.schema.json), as far as the
/// budget check and the analyzers use it. Property names map to the JSON names through the camelCase naming policy;
/// a v1 manifest (snake_case) is upgraded by <see cref="ContractDocument"/> first.
/// </summary>
internal sealed class ModelsManifestContract
{
    private static readonly JsonSerializerOptions s_options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public List<ManifestModelContract>? Models { get; set; }

    /// <summary>
    /// The manifest at <paramref name="path"/> (its text <paramref name="json"/>); a v1 manifest after one warning.
    /// Throws <see cref="JsonException"/> when it is not one, <see cref="InvalidDataException"/> for another version.
    /// </summary>
    public static ModelsManifestContract Parse(string path, string json, Action<string> warn)
    {
        using var document = ContractDocument.Parse(path, json, ContractSchemas.ModelsManifest, warn);
        return document.Deserialize<ModelsManifestContract>(s_options) ?? throw new JsonException("The manifest is null.");
    }
}
