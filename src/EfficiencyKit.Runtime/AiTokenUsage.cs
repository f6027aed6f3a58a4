namespace EfficiencyKit.Runtime;

/// <summary>Token counts a provider reported for one operation; null where it reported none.</summary>
/// <param name="InputTokens">Prompt (input) tokens, cached ones included.</param>
/// <param name="OutputTokens">Generated (output) tokens, reasoning ones included.</param>
/// <param name="ReasoningTokens">The part of the output tokens spent on hidden reasoning.</param>
/// <param name="CachedInputTokens">The part of the input tokens served from the provider's prompt cache.</param>
public readonly record struct AiTokenUsage(long? InputTokens, long? OutputTokens, long? ReasoningTokens = null, long? CachedInputTokens = null)
{
    /// <summary>No counts reported (local inference, or a provider that returned no usage).</summary>
    public static AiTokenUsage None => default;
}
