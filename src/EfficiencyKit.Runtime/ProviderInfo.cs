namespace EfficiencyKit.Runtime;

/// <summary>The provider and default model a wrapper reports, from its constructor argument or the inner client's metadata.</summary>
internal sealed class ProviderInfo(string? name, string? defaultModel)
{
    /// <summary>What reports show when nothing names the provider or the model.</summary>
    public const string Unknown = "unknown";

    public string Name { get; } = string.IsNullOrEmpty(name) ? Unknown : name!;

    /// <summary>The model a request asks for: its own option, else the client's default.</summary>
    public string Model(string? requested) => requested ?? defaultModel ?? Unknown;
}
