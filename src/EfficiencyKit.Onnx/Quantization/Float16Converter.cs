using System;
using System.Collections.Generic;
using System.Linq;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Quantization;

/// <summary>
/// Stores every FLOAT initializer as FLOAT16 and puts a Cast(to=FLOAT) in front of its readers, so the graph
/// computes exactly as before on fp16-rounded weights. Halves the weights on disk; ONNX Runtime's CPU provider
/// folds the casts at load, so memory and speed stay fp32 (docs/onnx.md, "Quantizing").
/// </summary>
internal static class Float16Converter
{
    public static (IReadOnlyList<QuantizedTensor> Tensors, IReadOnlyList<QuantizedNode> Nodes) Apply(OnnxModel model)
    {
        var graph = model.Graph;
        var graphInputs = new HashSet<string>(graph.Inputs.Select(i => i.Name), StringComparer.Ordinal);
        var tensors = new List<QuantizedTensor>();
        var skipped = new List<QuantizedNode>();
        var casts = new List<OnnxNode>();
        for (var index = 0; index < graph.Initializers.Count; index++)
        {
            var tensor = graph.Initializers[index];
            if (tensor.DataType != OnnxDataType.Float)
            {
                continue;
            }

            if (graphInputs.Contains(tensor.Name))
            {
                skipped.Add(new QuantizedNode(tensor.Name, "initializer", false, "also a graph input, so callers may feed it in FLOAT at run time"));
                continue;
            }

            var halves = new byte[tensor.ElementCount * 2];
            var maxError = 0.0;
            long clamped = 0;
            var position = 0;
            OnnxTensorData.ForEachFloatChunk(tensor, chunk =>
            {
                foreach (var original in chunk.Span)
                {
                    var value = original;
                    if (Math.Abs(value) > HalfConverter.MaxValue && !float.IsInfinity(value))
                    {
                        // Out of fp16 range: clamp to the largest finite half instead of turning a weight into Inf.
                        value = Math.Sign(value) * HalfConverter.MaxValue;
                        clamped++;
                    }

                    var half = HalfConverter.FromSingle(value);
                    halves[position++] = (byte)half;
                    halves[position++] = (byte)(half >> 8);
                    if (!float.IsNaN(original) && !float.IsInfinity(original))
                    {
                        maxError = Math.Max(maxError, Math.Abs(original - HalfConverter.ToSingle(half)));
                    }
                }
            });

            var newName = tensor.Name + "_fp16";
            graph.Initializers[index] = OnnxTensor.FromRaw(newName, OnnxDataType.Float16, [.. tensor.Dims], halves);
            casts.Add(OnnxNode.Create("Cast", tensor.Name + "_cast_to_fp32", [newName], [tensor.Name], OnnxAttribute.Int("to", (long)OnnxDataType.Float)));
            tensors.Add(new QuantizedTensor(tensor.Name, newName, tensor.ByteCount, halves.Length, null, maxError, clamped));
        }

        graph.Nodes.InsertRange(0, casts);
        var nodes = casts.Select(c => new QuantizedNode(c.Name!, "Cast", true, $"'{c.Inputs[0]}' (FLOAT16) cast to FLOAT as '{c.Outputs[0]}'")).Concat(skipped).ToList();
        return (tensors, nodes);
    }
}
