using EfficiencyKit.Energy.Hardware;

namespace EfficiencyKit.Onnx.Inspection;

/// <summary>An operator model's verdict on one node: output facts, arithmetic, and whether it moves data.</summary>
internal sealed class NodeEvaluation(TensorFacts?[] outputs, double operations, ComputePrecision precision, bool movesData)
{
    public TensorFacts?[] Outputs { get; } = outputs;

    public double Operations { get; } = operations;

    public ComputePrecision Precision { get; } = precision;

    /// <summary>False for views and metadata (Reshape, Identity, Shape): no bytes move at run time.</summary>
    public bool MovesData { get; } = movesData;
}
