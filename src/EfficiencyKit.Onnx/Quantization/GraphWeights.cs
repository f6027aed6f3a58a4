using System;
using System.Collections.Generic;
using System.Linq;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Quantization;

/// <summary>
/// A graph's initializers as both quantizers judge them: by name (the last of a repeated name wins), and whether
/// each is a constant fp32 weight, since an initializer that is also a graph input can be replaced by the caller at
/// run time and a weight computed at run time has no values to quantize ahead of it.
/// </summary>
internal sealed class GraphWeights(OnnxGraph graph)
{
    private readonly Dictionary<string, OnnxTensor> _initializers = graph.Initializers.GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
    private readonly HashSet<string> _graphInputs = new(graph.Inputs.Select(i => i.Name), StringComparer.Ordinal);

    /// <summary>The initializer <paramref name="name"/> (which must exist).</summary>
    public OnnxTensor this[string name] => _initializers[name];

    /// <summary>The initializers' names and the graph inputs' names.</summary>
    public IEnumerable<string> Names => _initializers.Keys.Concat(_graphInputs);

    public bool IsGraphInput(string name) => _graphInputs.Contains(name);

    /// <summary>
    /// Why <paramref name="name"/> is not a constant fp32 weight, in the words of a skip reason that calls it
    /// <paramref name="role"/> (<paramref name="constantOnly"/> is added where it is computed at run time); null where it is one.
    /// </summary>
    public string? NotConstantFloat(string name, string role, string constantOnly)
    {
        if (!_initializers.TryGetValue(name, out var weight))
        {
            return $"{role} '{name}' is computed at run time; only constant weights are quantized{constantOnly}";
        }

        if (_graphInputs.Contains(name))
        {
            return $"{role} '{name}' is also a graph input, so callers may replace it at run time";
        }

        return weight.DataType != OnnxDataType.Float ? $"{role} '{name}' is {OnnxDataTypes.Name(weight.DataType)}, not FLOAT" : null;
    }
}
