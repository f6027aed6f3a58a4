using System.Globalization;

namespace EfficiencyKit.Onnx.Model;

/// <summary>TensorShapeProto.Dimension: a fixed size, a symbolic name (e.g. "batch"), or unknown.</summary>
/// <param name="Value">dim_value (field 1), when fixed.</param>
/// <param name="Param">dim_param (field 2), when symbolic.</param>
public sealed record OnnxDimension(long? Value, string? Param)
{
    /// <summary>Denotation (field 3), e.g. DATA_BATCH.</summary>
    public string? Denotation { get; init; }

    /// <summary>A fixed dimension.</summary>
    public static OnnxDimension Fixed(long value) => new(value, null);

    /// <summary>A symbolic dimension.</summary>
    public static OnnxDimension Symbolic(string name) => new(null, name);

    /// <summary>"256", "batch" or "?".</summary>
    public override string ToString() => Value is { } value ? value.ToString(CultureInfo.InvariantCulture) : Param ?? "?";
}
