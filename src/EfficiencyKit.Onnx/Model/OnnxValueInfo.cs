using System.Collections.Generic;
using EfficiencyKit.Onnx.Protobuf;

namespace EfficiencyKit.Onnx.Model;

/// <summary>ValueInfoProto: a named value with its type.</summary>
public sealed class OnnxValueInfo
{
    /// <summary>Name (field 1).</summary>
    public string Name { get; set; } = "";

    /// <summary>Type (field 2), or null when not recorded.</summary>
    public OnnxTypeInfo? Type { get; set; }

    /// <summary>Documentation (field 3).</summary>
    public string? DocString { get; set; }

    /// <summary>Fields this library does not model, kept verbatim.</summary>
    public List<ByteSource> PreservedFields { get; } = [];

    /// <summary>A tensor value.</summary>
    public static OnnxValueInfo Tensor(string name, OnnxDataType elementType, params OnnxDimension[] shape)
        => new() { Name = name, Type = OnnxTypeInfo.Tensor(elementType, shape) };
}
