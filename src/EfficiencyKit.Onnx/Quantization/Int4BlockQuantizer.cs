using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Quantization;

/// <summary>
/// ONNX Runtime's 4-bit weight-only rewrite (the QOperator format of its <c>MatMulNBitsQuantizer</c>): each MatMul
/// whose B is a constant 2-D FLOAT weight becomes <c>com.microsoft</c> <c>MatMulNBits(A, B_q, scales[, zero_points])</c>
/// with attributes K, N, bits 4, block_size and accuracy_level; with <see cref="QuantizationOptions.QuantizeEmbeddings"/>,
/// each Gather (axis 0) of a constant 2-D FLOAT table becomes <c>GatherBlockQuantized(table_q, indices, scales[, zero_points])</c>.
/// A weight is converted only when every node that reads it is converted, so no fp32 copy stays beside the 4-bit one;
/// everything else stays fp32 and each candidate left alone is reported with the reason.
/// </summary>
internal sealed class Int4BlockQuantizer
{
    /// <summary>The operator set of ORT's contrib operators (MatMulNBits and GatherBlockQuantized are version 1).</summary>
    public const string Domain = "com.microsoft";

    private readonly OnnxModel _model;
    private readonly QuantizationOptions _options;
    private readonly GraphWeights _weights;
    private readonly HashSet<string> _names;
    private readonly Dictionary<string, (Int4Weight Weight, string Codes, string Scales, string? ZeroPoints)?> _packed = new(StringComparer.Ordinal);
    private readonly List<QuantizedTensor> _tensors = [];
    private readonly List<QuantizedNode> _nodes = [];

    private Int4BlockQuantizer(OnnxModel model, QuantizationOptions options)
    {
        _model = model;
        _options = options;
        var graph = model.Graph;
        _weights = new GraphWeights(graph);
        _names = new HashSet<string>(_weights.Names.Concat(graph.Nodes.SelectMany(n => n.Outputs)), StringComparer.Ordinal);
    }

    public static (IReadOnlyList<QuantizedTensor> Tensors, IReadOnlyList<QuantizedNode> Nodes) Apply(OnnxModel model, QuantizationOptions options)
    {
        var quantizer = new Int4BlockQuantizer(model, options);
        quantizer.Run();
        return (quantizer._tensors, quantizer._nodes);
    }

    private void Run()
    {
        var graph = _model.Graph;
        var consumers = new GraphConsumers(graph);
        var reasons = new Dictionary<OnnxNode, string?>();
        foreach (var node in graph.Nodes.Where(IsCandidate))
        {
            reasons[node] = SkipReason(node);
        }

        // A weight is converted only when all its readers are converted the same way (MatMulNBits and
        // GatherBlockQuantized block a weight along different axes): any other reader would keep the fp32 copy.
        var readers = reasons.Where(r => r.Value is null).GroupBy(r => (r.Key.OpType, WeightOf(r.Key))).ToDictionary(g => g.Key, g => g.Count());
        foreach (var node in reasons.Keys.Where(n => reasons[n] is null).ToList())
        {
            var weight = WeightOf(node);
            var others = consumers.Of(weight) - readers[(node.OpType, weight)];
            reasons[node] = others > 0 ? SharedReason(weight, others) : null;
        }

        var rewritten = new List<OnnxNode>(graph.Nodes.Count);
        foreach (var node in graph.Nodes)
        {
            if (!reasons.TryGetValue(node, out var reason))
            {
                rewritten.Add(node);
                continue;
            }

            var weight = WeightOf(node);
            if ((reason is null ? Pack(node) : null) is not { } packed)
            {
                _nodes.Add(new QuantizedNode(node.DisplayName, node.OpType, false, reason ?? $"'{weight}' holds NaN or infinite weights, which 4-bit blocks cannot represent; left in fp32"));
                rewritten.Add(node);
                continue;
            }

            rewritten.Add(node.OpType == "MatMul" ? MatMulNBits(node, packed) : GatherBlockQuantized(node, packed));
            consumers.Add(weight, -1);
        }

        graph.Nodes.Clear();
        graph.Nodes.AddRange(rewritten);
        if (_tensors.Count > 0 && _model.OpsetVersion(Domain) is null)
        {
            _model.OpsetImports.Add(new OnnxOpsetImport(Domain, 1));
        }

        // Every reader of a converted weight was converted, so its fp32 initializer goes.
        graph.Initializers.RemoveAll(t => _packed.TryGetValue(t.Name, out var done) && done is not null && consumers.Of(t.Name) == 0);
    }

    private bool IsCandidate(OnnxNode node)
        => (node.Domain.Length == 0 || node.Domain == "ai.onnx")
           && (node.OpType == "MatMul" || (node.OpType == "Gather" && _options.QuantizeEmbeddings))
           && node.Inputs.Count == 2 && node.Outputs.Count == 1;

    private static string WeightOf(OnnxNode node) => node.OpType == "MatMul" ? node.Inputs[1] : node.Inputs[0];

    private string? SkipReason(OnnxNode node)
    {
        var matMul = node.OpType == "MatMul";
        var role = matMul ? "B" : "the table";
        var name = WeightOf(node);
        if (_weights.NotConstantFloat(name, role, string.Empty) is { } notConstantFloat)
        {
            return notConstantFloat;
        }

        var weight = _weights[name];

        if (weight.Dims.Count != 2)
        {
            return matMul
                ? $"B '{name}' has rank {weight.Dims.Count}; MatMulNBits takes a 2-D B [K, N]"
                : $"the table '{name}' has rank {weight.Dims.Count}; only 2-D embedding tables [rows, width] are quantized";
        }

        if (weight.Dims[0] <= 0 || weight.Dims[1] <= 0)
        {
            return $"{role} '{name}' is empty ([{string.Join(",", weight.Dims)}])";
        }

        if (weight.Dims[1] > int.MaxValue / _options.BlockSize)
        {
            return $"{role} '{name}' has {weight.Dims[1]} columns, more than one band of {_options.BlockSize} rows can hold in memory";
        }

        if (!matMul && node.GetInt("axis", 0) != 0)
        {
            return $"Gather axis {node.GetInt("axis", 0)}: GatherBlockQuantized with packed 4-bit data gathers rows (axis 0) only";
        }

        return !matMul && weight.Dims[1] % 2 != 0
            ? $"the table '{name}' rows have {weight.Dims[1]} values; packed 4-bit rows need an even width"
            : null;
    }

    private static string SharedReason(string weight, int others)
        => $"'{weight}' is also read by {others} node(s) or graph output(s) that are not converted (a transposed or tied weight), which would keep the fp32 copy beside the 4-bit one; left in fp32";

    private (Int4Weight Weight, string Codes, string Scales, string? ZeroPoints)? Pack(OnnxNode node)
    {
        var name = WeightOf(node);
        if (_packed.TryGetValue(name, out var known))
        {
            return known;
        }

        var source = _weights[name];
        var weight = node.OpType == "MatMul"
            ? Int4WeightPacker.ForMatMul(source, _options.BlockSize, _options.Symmetric)
            : Int4WeightPacker.ForGather(source, _options.BlockSize, _options.Symmetric);
        (Int4Weight, string, string, string?)? result = null;
        if (weight is not null)
        {
            var codes = NewName(name + "_Q4");
            var scales = NewName(name + "_scales");
            var zeroPoints = weight.ZeroPoints is null ? null : NewName(name + "_zero_points");
            var graph = _model.Graph;
            graph.Initializers.Add(OnnxTensor.FromRaw(codes, OnnxDataType.UInt8, weight.CodeDims, weight.Codes));
            graph.Initializers.Add(OnnxTensor.FromFloats(scales, weight.ScaleDims, weight.Scales));
            if (zeroPoints is not null)
            {
                graph.Initializers.Add(OnnxTensor.FromRaw(zeroPoints, OnnxDataType.UInt8, weight.ZeroPointDims, weight.ZeroPoints!));
            }

            _tensors.Add(new QuantizedTensor(name, codes, source.ByteCount, weight.ByteCount, null, weight.MaxAbsError, 0));
            result = (weight, codes, scales, zeroPoints);
        }

        _packed[name] = result;
        return result;
    }

    private OnnxNode MatMulNBits(OnnxNode node, (Int4Weight Weight, string Codes, string Scales, string? ZeroPoints) packed)
    {
        var b = _weights[node.Inputs[1]];
        string[] inputs = packed.ZeroPoints is null ? [node.Inputs[0], packed.Codes, packed.Scales] : [node.Inputs[0], packed.Codes, packed.Scales, packed.ZeroPoints];
        var rewritten = OnnxNode.Create(
            "MatMulNBits",
            NodeName(node),
            inputs,
            [node.Outputs[0]],
            OnnxAttribute.Int("K", b.Dims[0]),
            OnnxAttribute.Int("N", b.Dims[1]),
            OnnxAttribute.Int("bits", 4),
            OnnxAttribute.Int("block_size", _options.BlockSize),
            OnnxAttribute.Int("accuracy_level", _options.AccuracyLevel));
        rewritten.Domain = Domain;
        _nodes.Add(new QuantizedNode(node.DisplayName, node.OpType, true, string.Format(CultureInfo.InvariantCulture, "MatMulNBits (K {0}, N {1}, {2}, accuracy_level {3}) with '{4}'", b.Dims[0], b.Dims[1], Describe(), _options.AccuracyLevel, packed.Codes)));
        return rewritten;
    }

    private OnnxNode GatherBlockQuantized(OnnxNode node, (Int4Weight Weight, string Codes, string Scales, string? ZeroPoints) packed)
    {
        string[] inputs = packed.ZeroPoints is null ? [packed.Codes, node.Inputs[1], packed.Scales] : [packed.Codes, node.Inputs[1], packed.Scales, packed.ZeroPoints];

        // The 'bits' attribute is left out: 4 is its default, and ORT releases from before it existed reject unknown attributes.
        var rewritten = OnnxNode.Create(
            "GatherBlockQuantized",
            NodeName(node),
            inputs,
            [node.Outputs[0]],
            OnnxAttribute.Int("gather_axis", 0),
            OnnxAttribute.Int("quantize_axis", 1),
            OnnxAttribute.Int("block_size", _options.BlockSize));
        rewritten.Domain = Domain;
        _nodes.Add(new QuantizedNode(node.DisplayName, node.OpType, true, $"GatherBlockQuantized ({Describe()}) with '{packed.Codes}'"));
        return rewritten;
    }

    private string Describe()
        => string.Format(CultureInfo.InvariantCulture, "4-bit, block {0}, {1}", _options.BlockSize, _options.Symmetric ? "symmetric" : "asymmetric");

    private string NodeName(OnnxNode node) => NewName((string.IsNullOrEmpty(node.Name) ? node.Outputs[0] : node.Name!) + "_Q4");

    // Names the rewrite adds must not collide with the model's (a model may already hold a 'W_scales').
    private string NewName(string wanted)
    {
        var name = wanted;
        for (var suffix = 1; !_names.Add(name); suffix++)
        {
            name = wanted + "_" + suffix.ToString(CultureInfo.InvariantCulture);
        }

        return name;
    }
}
