using System.Collections.Generic;
using EfficiencyKit.Onnx.Protobuf;

namespace EfficiencyKit.Onnx.Model;

/// <summary>GraphProto: nodes in topological order, initializers (weights), inputs and outputs.</summary>
public sealed class OnnxGraph
{
    /// <summary>Nodes (field 1).</summary>
    public List<OnnxNode> Nodes { get; } = [];

    /// <summary>Graph name (field 2).</summary>
    public string? Name { get; set; }

    /// <summary>Constant tensors (field 5), usually the weights.</summary>
    public List<OnnxTensor> Initializers { get; } = [];

    /// <summary>Documentation (field 10).</summary>
    public string? DocString { get; set; }

    /// <summary>Inputs (field 11); in IR &lt; 4 initializers are listed here too.</summary>
    public List<OnnxValueInfo> Inputs { get; } = [];

    /// <summary>Outputs (field 12).</summary>
    public List<OnnxValueInfo> Outputs { get; } = [];

    /// <summary>Types and shapes of intermediate values (field 13), when the producer recorded them.</summary>
    public List<OnnxValueInfo> ValueInfo { get; } = [];

    /// <summary>Fields this library does not model (sparse initializers, quantization annotations, ...), kept verbatim.</summary>
    public List<ByteSource> PreservedFields { get; } = [];
}
