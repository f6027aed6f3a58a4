using System;

namespace EfficiencyKit.Runtime;

/// <summary>The names operations carry in events and in <c>gen_ai.operation.name</c>.</summary>
public static class AiOperationKinds
{
    /// <summary>The constant name of <paramref name="kind"/>: a literal, so events and tags allocate nothing for it.</summary>
    public static string Name(this AiOperationKind kind) => kind switch
    {
        AiOperationKind.Chat => "chat",
        AiOperationKind.Embeddings => "embeddings",
        AiOperationKind.Inference => "inference",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown operation kind."),
    };
}
