using System;

namespace EfficiencyKit.Onnx.Inspection;

/// <summary>Thrown inside an operator model when a node's cost cannot be known; the reason is reported, never swallowed into zero.</summary>
internal sealed class UnknownCostException(string reason) : Exception(reason)
{
}
