namespace EfficiencyKit.Runtime;

/// <summary>What an AI operation does; the names in events and metrics are <see cref="AiOperationKinds.Name"/>.</summary>
public enum AiOperationKind
{
    /// <summary>A chat or responses call to a hosted model (<c>gen_ai.operation.name</c> "chat").</summary>
    Chat,

    /// <summary>An embeddings call to a hosted model (<c>gen_ai.operation.name</c> "embeddings").</summary>
    Embeddings,

    /// <summary>Local inference, for example an ONNX Runtime session run ("inference": not a GenAI convention name).</summary>
    Inference,
}
