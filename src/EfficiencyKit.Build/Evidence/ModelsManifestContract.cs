using System.Collections.Generic;
using System.Text.Json;

namespace EfficiencyKit.Build.Evidence;

/// <summary>
/// The models manifest <see cref="InspectAiModels"/> writes (snake_case JSON, docs/schemas/models-manifest.schema.json),
/// as far as the budget check and the analyzers use it. Property names map to the JSON names through the snake_case
/// naming policy.
/// </summary>
internal sealed class ModelsManifestContract
{
    private static readonly JsonSerializerOptions s_options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public List<ManifestModelContract>? Models { get; set; }

    /// <summary>The manifest in <paramref name="json"/>; throws <see cref="JsonException"/> when it is not one.</summary>
    public static ModelsManifestContract Parse(string json)
        => JsonSerializer.Deserialize<ModelsManifestContract>(json, s_options) ?? throw new JsonException("The manifest is null.");
}
