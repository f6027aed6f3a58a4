using System.Collections.Generic;
using System.Linq;
using EfficiencyKit.Onnx.Protobuf;

namespace EfficiencyKit.Onnx.Model;

/// <summary>
/// TypeProto. Tensor types are modelled (element type and shape); sequence, map, optional and sparse types are
/// kept verbatim in <see cref="PreservedFields"/> with <see cref="IsTensor"/> false.
/// </summary>
public sealed class OnnxTypeInfo
{
    /// <summary>Whether this is a tensor type (tensor_type, field 1).</summary>
    public bool IsTensor { get; set; }

    /// <summary>Element type of the tensor.</summary>
    public OnnxDataType ElementType { get; set; }

    /// <summary>The shape, or null when the rank is unknown.</summary>
    public List<OnnxDimension>? Shape { get; set; }

    /// <summary>Denotation (field 6).</summary>
    public string? Denotation { get; set; }

    /// <summary>Fields this library does not model, kept verbatim.</summary>
    public List<ByteSource> PreservedFields { get; } = [];

    /// <summary>A tensor type with the given element type and dimensions.</summary>
    public static OnnxTypeInfo Tensor(OnnxDataType elementType, params OnnxDimension[] shape)
        => new() { IsTensor = true, ElementType = elementType, Shape = [.. shape] };

    /// <summary>"FLOAT[batch,256]", "FLOAT[?]" for unknown rank, or "non-tensor".</summary>
    public override string ToString()
        => IsTensor
            ? OnnxDataTypes.Name(ElementType) + (Shape is null ? "[?]" : "[" + string.Join(",", Shape.Select(d => d.ToString())) + "]")
            : "non-tensor";
}
