using System.Collections.Generic;

namespace EfficiencyKit.Build.Evidence;

/// <summary>
/// The models manifest <see cref="InspectAiModels"/> writes (snake_case JSON, docs/schemas/models-manifest.schema.json),
/// as far as the analyzers use it. Property names map to the JSON names through the snake_case naming policy.
/// </summary>
internal sealed class ModelsManifestContract
{
    public List<ManifestModelContract>? Models { get; set; }
}
