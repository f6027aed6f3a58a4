namespace EfficiencyKit.Onnx.Inspection;

/// <summary>A node whose cost could not be estimated, and why. Its cost is missing from the totals, not zero.</summary>
public sealed record UnknownNodeCost(string Node, string Operator, string Reason);
