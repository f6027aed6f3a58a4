namespace EfficiencyKit.Onnx.Inspection;

/// <summary>How many nodes use an operator (subgraphs included), and whether the inspector can cost it.</summary>
public sealed record OperatorCount(string Operator, int Count, bool HasCostModel);
