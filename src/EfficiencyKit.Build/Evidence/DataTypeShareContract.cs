namespace EfficiencyKit.Build.Evidence;

/// <summary>How many bytes of a model's weights have one ONNX data type ("FLOAT", "INT8", …).</summary>
internal sealed class DataTypeShareContract
{
    public string? DataType { get; set; }

    public long Bytes { get; set; }
}
