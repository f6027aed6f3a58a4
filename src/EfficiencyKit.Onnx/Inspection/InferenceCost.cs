using System.Collections.Generic;

namespace EfficiencyKit.Onnx.Inspection;

/// <summary>
/// Work for one inference call. Totals cover the nodes with known cost; when <see cref="UnknownNodes"/> is not
/// empty they are lower bounds.
/// </summary>
/// <param name="BatchSize">The batch size used.</param>
/// <param name="Dimensions">Every symbolic dimension and the value it was given.</param>
/// <param name="UnresolvedDimensions">Symbolic dimensions nobody gave a value (costs that depend on them are unknown).</param>
/// <param name="Operations">Arithmetic operations (multiply-add = 2).</param>
/// <param name="OperationsByPrecision">Operations split by precision (fp32, fp16, int8).</param>
/// <param name="BytesMoved">Bytes read and written by the nodes, as if nothing were fused or cached.</param>
/// <param name="UnknownNodes">Nodes without a cost.</param>
public sealed record InferenceCost(
    long BatchSize,
    IReadOnlyDictionary<string, long> Dimensions,
    IReadOnlyList<string> UnresolvedDimensions,
    long Operations,
    IReadOnlyDictionary<string, long> OperationsByPrecision,
    long BytesMoved,
    IReadOnlyList<UnknownNodeCost> UnknownNodes)
{
    /// <summary>Whether every node's cost is known (the totals are not lower bounds).</summary>
    public bool IsComplete => UnknownNodes.Count == 0;
}
