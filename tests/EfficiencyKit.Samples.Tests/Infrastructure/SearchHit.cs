namespace EfficiencyKit.Samples.Tests.Infrastructure;

/// <summary>One ranked answer line of a DocumentSearch run: "  1. [kb-052] 0.6698  Lost badge".</summary>
internal sealed record SearchHit(string DocumentId, double Score);
