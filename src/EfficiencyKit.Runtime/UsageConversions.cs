using Microsoft.Extensions.AI;

namespace EfficiencyKit.Runtime;

/// <summary>Microsoft.Extensions.AI usage to <see cref="AiTokenUsage"/>.</summary>
internal static class UsageConversions
{
    public static AiTokenUsage ToTokenUsage(UsageDetails? usage) => usage is null
        ? AiTokenUsage.None
        : new AiTokenUsage(usage.InputTokenCount, usage.OutputTokenCount, usage.ReasoningTokenCount, usage.CachedInputTokenCount);
}
