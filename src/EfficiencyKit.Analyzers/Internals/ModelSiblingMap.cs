namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Model id → smaller sibling, from <c>EK1202.model_map</c> ("big:small, big2:small2") or the built-in map.
/// An id matches exactly or as a dated snapshot ("gpt-4o-2024-08-06" matches "gpt-4o", "gpt-4o-mini" does not).
/// </summary>
internal sealed class ModelSiblingMap
{
    internal const string DefaultMap =
        "gpt-4o:gpt-4o-mini, gpt-4.1:gpt-4.1-mini, gpt-4-turbo:gpt-4o-mini, gpt-4:gpt-4o-mini, gpt-5:gpt-5-mini, "
        + "o1:o3-mini, o3:o4-mini, text-embedding-3-large:text-embedding-3-small, text-embedding-ada-002:text-embedding-3-small";

    private readonly List<KeyValuePair<string, string>> _entries = [];

    private ModelSiblingMap(string map)
    {
        foreach (var pair in map.Split(','))
        {
            var parts = pair.Split(':');
            if (parts.Length == 2 && parts[0].Trim().Length > 0 && parts[1].Trim().Length > 0)
            {
                _entries.Add(new KeyValuePair<string, string>(parts[0].Trim(), parts[1].Trim()));
            }
        }
    }

    public static ModelSiblingMap Parse(string? map) => new(map ?? DefaultMap);

    /// <summary>The sibling for <paramref name="modelId"/>, or null.</summary>
    public string? SiblingOf(string modelId)
    {
        foreach (var entry in _entries)
        {
            if (string.Equals(modelId, entry.Key, StringComparison.OrdinalIgnoreCase)
                || (modelId.Length > entry.Key.Length + 1 && modelId.StartsWith(entry.Key + "-", StringComparison.OrdinalIgnoreCase) && char.IsDigit(modelId[entry.Key.Length + 1])))
            {
                return entry.Value;
            }
        }

        return null;
    }
}
