using System.Collections.Generic;
using EfficiencyKit.Onnx.Protobuf;

namespace EfficiencyKit.Onnx.Model;

/// <summary>AttributeProto: a named constant argument of a node.</summary>
public sealed class OnnxAttribute
{
    /// <summary>Name (field 1).</summary>
    public string Name { get; set; } = "";

    /// <summary>Which value field is meant (field 20).</summary>
    public OnnxAttributeType Type { get; set; }

    /// <summary>FLOAT value (field 2).</summary>
    public float? F { get; set; }

    /// <summary>INT value (field 3).</summary>
    public long? I { get; set; }

    /// <summary>STRING value (field 4).</summary>
    public byte[]? S { get; set; }

    /// <summary>TENSOR value (field 5).</summary>
    public OnnxTensor? T { get; set; }

    /// <summary>GRAPH value (field 6).</summary>
    public OnnxGraph? G { get; set; }

    /// <summary>FLOATS (field 7).</summary>
    public List<float> Floats { get; } = [];

    /// <summary>INTS (field 8).</summary>
    public List<long> Ints { get; } = [];

    /// <summary>STRINGS (field 9).</summary>
    public List<byte[]> Strings { get; } = [];

    /// <summary>TENSORS (field 10).</summary>
    public List<OnnxTensor> Tensors { get; } = [];

    /// <summary>GRAPHS (field 11).</summary>
    public List<OnnxGraph> Graphs { get; } = [];

    /// <summary>Documentation (field 13).</summary>
    public string? DocString { get; set; }

    /// <summary>Reference to a function attribute (field 21).</summary>
    public string? RefAttrName { get; set; }

    /// <summary>Fields this library does not model (sparse tensors, type protos), kept verbatim.</summary>
    public List<ByteSource> PreservedFields { get; } = [];

    /// <summary>An INT attribute.</summary>
    public static OnnxAttribute Int(string name, long value) => new() { Name = name, Type = OnnxAttributeType.Int, I = value };

    /// <summary>A FLOAT attribute.</summary>
    public static OnnxAttribute Float(string name, float value) => new() { Name = name, Type = OnnxAttributeType.Float, F = value };

    /// <summary>An INTS attribute.</summary>
    public static OnnxAttribute IntList(string name, params long[] values)
    {
        var attribute = new OnnxAttribute { Name = name, Type = OnnxAttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A STRING attribute (UTF-8).</summary>
    public static OnnxAttribute String(string name, string value)
        => new() { Name = name, Type = OnnxAttributeType.String, S = System.Text.Encoding.UTF8.GetBytes(value) };

    /// <summary>A TENSOR attribute.</summary>
    public static OnnxAttribute Tensor(string name, OnnxTensor value) => new() { Name = name, Type = OnnxAttributeType.Tensor, T = value };
}
