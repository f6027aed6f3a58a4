namespace EfficiencyKit.Onnx.Inspection;

/// <summary>How much of the model's stored tensors (initializers and Constant nodes) has one data type.</summary>
public sealed record DataTypeShare(string DataType, int Tensors, long Elements, long Bytes);
