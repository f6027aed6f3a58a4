using System;
using System.Collections.Generic;
using System.Linq;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Quantization;

/// <summary>
/// The ONNX Runtime <c>quantize_dynamic</c> default rewrite (per_channel=False, reduce_range=False,
/// weight_type=QInt8, MatMulConstBOnly): each MatMul whose B is a FLOAT initializer becomes
/// DynamicQuantizeLinear(A) → MatMulInteger(A_q, B_q, A_zp, B_zp) → Cast(FLOAT) → Mul(·, A_scale·B_scale), with
/// B stored as per-tensor symmetric int8 (zero point 0, scale max|B|/127, or /64 with reduce_range; round half to even). Everything else
/// stays fp32; Gemm and Conv are reported as skipped.
/// </summary>
internal sealed class Int8DynamicQuantizer
{
    private readonly OnnxModel _model;
    private readonly int _range;
    private readonly GraphWeights _weights;
    private readonly Dictionary<string, QuantizedTensor> _quantizedWeights = new(StringComparer.Ordinal);
    private readonly Dictionary<string, float> _absMax = new(StringComparer.Ordinal);
    private readonly HashSet<string> _quantizedActivations = new(StringComparer.Ordinal);
    private readonly List<QuantizedNode> _nodes = [];

    private Int8DynamicQuantizer(OnnxModel model, bool reduceRange)
    {
        _model = model;
        _range = reduceRange ? 64 : 127;
        _weights = new GraphWeights(model.Graph);
    }

    public static (IReadOnlyList<QuantizedTensor> Tensors, IReadOnlyList<QuantizedNode> Nodes) Apply(OnnxModel model, bool reduceRange)
    {
        var quantizer = new Int8DynamicQuantizer(model, reduceRange);
        quantizer.Run();
        return (quantizer._quantizedWeights.Values.ToList(), quantizer._nodes);
    }

    private void Run()
    {
        var opset = _model.OpsetVersion("") ?? 0;
        var graph = _model.Graph;
        var rewritten = new List<OnnxNode>(graph.Nodes.Count);
        var consumers = new GraphConsumers(graph);
        foreach (var node in graph.Nodes)
        {
            if (node.Domain.Length > 0 && node.Domain != "ai.onnx")
            {
                rewritten.Add(node);
                continue;
            }

            switch (node.OpType)
            {
                case "MatMul" when SkipReason(node, opset) is { } reason:
                    _nodes.Add(new QuantizedNode(node.DisplayName, node.OpType, false, reason));
                    rewritten.Add(node);
                    break;
                case "MatMul":
                    rewritten.AddRange(Rewrite(node));
                    consumers.Add(node.Inputs[1], -1);
                    break;
                case "Gemm":
                    _nodes.Add(new QuantizedNode(node.DisplayName, node.OpType, false, "Gemm is left in fp32, as in ONNX Runtime's quantize_dynamic (no integer Gemm); export the layer as MatMul + Add to quantize it"));
                    rewritten.Add(node);
                    break;
                case "Conv":
                    _nodes.Add(new QuantizedNode(node.DisplayName, node.OpType, false, "Conv is left in fp32 (the ConvInteger rewrite is not implemented)"));
                    rewritten.Add(node);
                    break;
                default:
                    rewritten.Add(node);
                    break;
            }
        }

        graph.Nodes.Clear();
        graph.Nodes.AddRange(rewritten);

        // Drop fp32 weights nothing reads any more; a weight that is also a graph input may be fed at run time, so it stays.
        graph.Initializers.RemoveAll(t => _quantizedWeights.ContainsKey(t.Name) && consumers.Of(t.Name) == 0 && !_weights.IsGraphInput(t.Name));
    }

    private string? SkipReason(OnnxNode node, long opset)
    {
        if (opset < 11)
        {
            return $"the model imports opset {opset}; DynamicQuantizeLinear needs 11 or later";
        }

        if (node.Inputs.Count != 2 || node.Outputs.Count != 1)
        {
            return "unexpected number of inputs or outputs";
        }

        var b = node.Inputs[1];
        if (_weights.NotConstantFloat(b, "B", " (MatMulConstBOnly)") is { } notConstantFloat)
        {
            return notConstantFloat;
        }

        var weight = _weights[b];

        if (weight.Dims.Count < 2)
        {
            return $"B '{b}' has rank {weight.Dims.Count}; a weight matrix has rank 2 or more";
        }

        // A NaN or infinite weight has no int8 scale (absmax would be infinite and every weight would round to 0).
        var absMax = AbsMax(weight);
        return !float.IsNaN(absMax) && !float.IsInfinity(absMax) ? null : $"B '{b}' holds NaN or infinite weights, which int8 cannot represent; left in fp32";
    }

    /// <summary>max |w| over the weight (NaN or infinity if any weight is), one streaming pass, remembered per weight.</summary>
    private float AbsMax(OnnxTensor weight)
    {
        if (_absMax.TryGetValue(weight.Name, out var known))
        {
            return known;
        }

        var absMax = 0f;
        OnnxTensorData.ForEachFloatChunk(weight, chunk =>
        {
            foreach (var value in chunk.Span)
            {
                // Math.Max propagates NaN, so one NaN makes the result NaN.
                absMax = Math.Max(absMax, Math.Abs(value));
            }
        });

        _absMax[weight.Name] = absMax;
        return absMax;
    }

    private IEnumerable<OnnxNode> Rewrite(OnnxNode node)
    {
        var a = node.Inputs[0];
        var b = node.Inputs[1];
        var y = node.Outputs[0];
        var name = string.IsNullOrEmpty(node.Name) ? y : node.Name!;
        var weight = QuantizeWeight(_weights[b]);

        if (_quantizedActivations.Add(a))
        {
            yield return OnnxNode.Create("DynamicQuantizeLinear", a + "_QuantizeLinear", [a], [a + "_quantized", a + "_scale", a + "_zero_point"]);
        }

        var integerOutput = y + "_output_quantized";
        var castOutput = integerOutput + "_cast_output";
        var scales = name + "_quant_scales_mul:0";
        yield return OnnxNode.Create("MatMulInteger", name + "_quant", [a + "_quantized", weight.NewName, a + "_zero_point", b + "_zero_point"], [integerOutput]);
        yield return OnnxNode.Create("Cast", name + "_quant_cast", [integerOutput], [castOutput], OnnxAttribute.Int("to", (long)OnnxDataType.Float));
        yield return OnnxNode.Create("Mul", name + "_quant_scales_mul", [a + "_scale", b + "_scale"], [scales]);
        yield return OnnxNode.Create("Mul", name + "_quant_output_scale_mul", [castOutput, scales], [y]);
        _nodes.Add(new QuantizedNode(node.DisplayName, node.OpType, true, $"MatMulInteger with int8 '{weight.NewName}' (scale {weight.Scale:G6}) and dynamically quantized '{a}'"));
    }

    private QuantizedTensor QuantizeWeight(OnnxTensor weight)
    {
        if (_quantizedWeights.TryGetValue(weight.Name, out var done))
        {
            return done;
        }

        // Two streaming passes (absmax, then quantize) keep memory at the int8 result plus one chunk, whatever the
        // weight's size.
        var absMax = AbsMax(weight);

        // Symmetric range (-127, 127), or (-64, 64) with reduce_range: scale = 2·absmax / (2·range); an all-zero
        // tensor gets scale 1 like ORT.
        var scale = absMax == 0 ? 1f : (float)(absMax * 2.0 / (2.0 * _range));
        var quantized = new byte[weight.ElementCount];
        var maxError = 0.0;
        var index = 0;
        OnnxTensorData.ForEachFloatChunk(weight, chunk =>
        {
            foreach (var value in chunk.Span)
            {
                var q = (int)Math.Round(value / scale, MidpointRounding.ToEven);
                q = Math.Min(_range, Math.Max(-_range, q));
                quantized[index++] = unchecked((byte)(sbyte)q);
                maxError = Math.Max(maxError, Math.Abs(value - (q * scale)));
            }
        });

        var newName = weight.Name + "_quantized";
        _model.Graph.Initializers.Add(OnnxTensor.FromRaw(newName, OnnxDataType.Int8, [.. weight.Dims], quantized));
        _model.Graph.Initializers.Add(OnnxTensor.FromFloats(weight.Name + "_scale", [], [scale]));
        _model.Graph.Initializers.Add(OnnxTensor.FromRaw(weight.Name + "_zero_point", OnnxDataType.Int8, [], [0]));
        var result = new QuantizedTensor(weight.Name, newName, weight.ByteCount, quantized.Length + 4 + 1, scale, maxError, 0);
        _quantizedWeights[weight.Name] = result;
        return result;
    }
}
