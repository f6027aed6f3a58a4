namespace EfficiencyKit.Analyzers.Internals;

/// <summary>What a method sends one input of, per call: an embedding request or an ONNX Runtime run.</summary>
internal enum SingleInputCallKind
{
    /// <summary>One input per embedding request (EK1101).</summary>
    Embedding,

    /// <summary>One item per ONNX Runtime <c>Run</c> (EK1102).</summary>
    Inference,
}
