namespace EfficiencyKit.Onnx.Quantization;

/// <summary>What the quantizer did with one candidate node.</summary>
/// <param name="Node">Node name (or op type and first output).</param>
/// <param name="Operator">Operator.</param>
/// <param name="Rewritten">Whether the node was rewritten.</param>
/// <param name="Detail">The rewrite, or why it was skipped.</param>
public sealed record QuantizedNode(string Node, string Operator, bool Rewritten, string Detail);
