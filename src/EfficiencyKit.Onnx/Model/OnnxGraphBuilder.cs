using System;
using System.Collections.Generic;

namespace EfficiencyKit.Onnx.Model;

/// <summary>
/// Builds models in code (generated sample models, benchmarks, tests). Defaults to IR 8 and opset 17, the newest
/// that Debian's onnx 1.12 checker accepts and that ONNX Runtime 1.30 runs.
/// </summary>
public sealed class OnnxGraphBuilder
{
    private readonly OnnxModel _model = new() { IrVersion = 8, ProducerName = "EfficiencyKit", ProducerVersion = "0.1.0" };
    private int _nodeCount;

    /// <summary>Starts a graph called <paramref name="name"/> importing the default opset <paramref name="opset"/>.</summary>
    public OnnxGraphBuilder(string name, long opset = 17)
    {
        _model.Graph.Name = name;
        _model.OpsetImports.Add(new OnnxOpsetImport("", opset));
    }

    /// <summary>Adds a graph input; dimensions are numbers or symbolic names ("batch").</summary>
    public OnnxGraphBuilder Input(string name, OnnxDataType type, params object[] dims)
    {
        _model.Graph.Inputs.Add(OnnxValueInfo.Tensor(name, type, Dimensions(dims)));
        return this;
    }

    /// <summary>Adds a graph output.</summary>
    public OnnxGraphBuilder Output(string name, OnnxDataType type, params object[] dims)
    {
        _model.Graph.Outputs.Add(OnnxValueInfo.Tensor(name, type, Dimensions(dims)));
        return this;
    }

    /// <summary>Adds a weight.</summary>
    public OnnxGraphBuilder Initializer(OnnxTensor tensor)
    {
        _model.Graph.Initializers.Add(tensor);
        return this;
    }

    /// <summary>Adds a node named after its op type and position.</summary>
    public OnnxGraphBuilder Node(string opType, string[] inputs, string[] outputs, params OnnxAttribute[] attributes)
    {
        _model.Graph.Nodes.Add(OnnxNode.Create(opType, $"{opType}_{_nodeCount++}", inputs, outputs, attributes));
        return this;
    }

    /// <summary>The model built so far.</summary>
    public OnnxModel Build() => _model;

    private static OnnxDimension[] Dimensions(object[] dims)
    {
        var result = new OnnxDimension[dims.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            result[i] = dims[i] switch
            {
                int value => OnnxDimension.Fixed(value),
                long value => OnnxDimension.Fixed(value),
                string name => OnnxDimension.Symbolic(name),
                _ => throw new ArgumentException($"Dimension {i} must be a number or a symbolic name, not {dims[i]?.GetType().Name ?? "null"}.", nameof(dims)),
            };
        }

        return result;
    }
}
