using System.Collections.Generic;
using EfficiencyKit.Onnx.Protobuf;

namespace EfficiencyKit.Onnx.Model;

/// <summary>NodeProto: one operator call.</summary>
public sealed class OnnxNode
{
    /// <summary>Input value names (field 1); "" marks an omitted optional input.</summary>
    public List<string> Inputs { get; } = [];

    /// <summary>Output value names (field 2).</summary>
    public List<string> Outputs { get; } = [];

    /// <summary>Node name (field 3).</summary>
    public string? Name { get; set; }

    /// <summary>Operator (field 4), e.g. MatMul.</summary>
    public string OpType { get; set; } = "";

    /// <summary>Attributes (field 5).</summary>
    public List<OnnxAttribute> Attributes { get; } = [];

    /// <summary>Documentation (field 6).</summary>
    public string? DocString { get; set; }

    /// <summary>Operator domain (field 7); "" is the default ai.onnx set.</summary>
    public string Domain { get; set; } = "";

    /// <summary>Fields this library does not model (overload, metadata), kept verbatim.</summary>
    public List<ByteSource> PreservedFields { get; } = [];

    /// <summary>A node of the default domain.</summary>
    public static OnnxNode Create(string opType, string name, string[] inputs, string[] outputs, params OnnxAttribute[] attributes)
    {
        var node = new OnnxNode { OpType = opType, Name = name };
        node.Inputs.AddRange(inputs);
        node.Outputs.AddRange(outputs);
        node.Attributes.AddRange(attributes);
        return node;
    }

    /// <summary>"MatMul" for the default domain, "com.microsoft:Attention" otherwise.</summary>
    public string QualifiedOpType => Domain.Length == 0 || Domain == "ai.onnx" ? OpType : Domain + ":" + OpType;

    /// <summary>A readable name for messages: the node name, or its op type and first output.</summary>
    public string DisplayName => string.IsNullOrEmpty(Name) ? $"{OpType} -> {(Outputs.Count > 0 ? Outputs[0] : "?")}" : Name!;

    /// <summary>The attribute called <paramref name="name"/>, or null.</summary>
    public OnnxAttribute? FindAttribute(string name)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.Name == name)
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>The INT attribute's value, or <paramref name="defaultValue"/>.</summary>
    public long GetInt(string name, long defaultValue) => FindAttribute(name)?.I ?? defaultValue;

    /// <summary>The FLOAT attribute's value, or <paramref name="defaultValue"/>.</summary>
    public float GetFloat(string name, float defaultValue) => FindAttribute(name)?.F ?? defaultValue;

    /// <summary>The INTS attribute's values, or null when absent.</summary>
    public IReadOnlyList<long>? GetInts(string name) => FindAttribute(name)?.Ints;

    /// <summary>The STRING attribute as UTF-8 text, or <paramref name="defaultValue"/>.</summary>
    public string GetString(string name, string defaultValue)
        => FindAttribute(name)?.S is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : defaultValue;
}
