namespace StandInOpenAI;

/// <summary>
/// What a <see cref="StandInOpenAIEndpoint"/> does differently from its defaults, for tests that expect exact figures
/// (the samples use the defaults).
/// </summary>
public sealed class StandInOptions
{
    /// <summary>Usage every answer reports; null (the default) counts it from the request and the answer.</summary>
    public StandInUsage? FixedUsage { get; init; }

    /// <summary>
    /// The model id an answer names for a requested id, as OpenAI answers with the dated snapshot ("gpt-4o-mini" as
    /// "gpt-4o-mini-2024-07-18"); ids not listed (all, by default) answer as requested.
    /// </summary>
    public IReadOnlyDictionary<string, string> AnsweringModels { get; init; } = new Dictionary<string, string>();
}
