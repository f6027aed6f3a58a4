using System.Collections.Generic;
using System.Linq;
using EfficiencyKit.Energy.Hardware;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Inspection;

/// <summary>One node being evaluated: its inputs' facts, attributes, and helpers that throw <see cref="UnknownCostException"/> with a reason.</summary>
internal sealed class OperatorContext(OnnxNode node, IReadOnlyList<TensorFacts?> inputs, IReadOnlyList<TensorFacts?> declaredOutputs, long opset)
{
    public OnnxNode Node { get; } = node;

    public long Opset { get; } = opset;

    public int InputCount => inputs.Count;

    /// <summary>The input's facts, or null when the optional input is omitted.</summary>
    public TensorFacts? Optional(int index) => index < inputs.Count && Node.Inputs[index].Length > 0 ? inputs[index] : null;

    public TensorFacts Input(int index)
        => Optional(index) ?? throw new UnknownCostException(index < Node.Inputs.Count && Node.Inputs[index].Length > 0
            ? $"input '{Node.Inputs[index]}' has no known type or shape"
            : $"required input {index} is missing");

    /// <summary>Fully known dimensions of an input.</summary>
    public long[] Shape(int index)
    {
        var facts = Input(index);
        if (!facts.HasKnownShape)
        {
            throw new UnknownCostException($"input '{Node.Inputs[index]}' has unknown shape {facts.DescribeShape()}");
        }

        return facts.Dims!;
    }

    /// <summary>Constant integer values of an input (an initializer, Constant or folded shape computation).</summary>
    public long[] Values(int index)
        => Input(index).Values ?? throw new UnknownCostException($"input '{Node.Inputs[index]}' is computed at run time; its values decide the output shape");

    public long[]? OptionalValues(int index) => Optional(index) is { } facts ? facts.Values ?? throw new UnknownCostException($"input '{Node.Inputs[index]}' is computed at run time; its values decide the output shape") : null;

    /// <summary>
    /// The output's shape as the model declares it (value_info or graph output), for operators whose output size
    /// depends on an input's values: the producer states it, we do not invent it. Unknown when not declared.
    /// </summary>
    public TensorFacts DeclaredOutput(int index, string why)
        => index < declaredOutputs.Count && declaredOutputs[index] is { HasKnownShape: true } declared
            ? declared
            : throw new UnknownCostException($"{why}, and the model declares no static shape for output '{(index < Node.Outputs.Count ? Node.Outputs[index] : "?")}'");

    /// <summary>Constant values of an input, or null when computed at run time (the caller then falls back to <see cref="DeclaredOutput"/>).</summary>
    public long[]? ValuesOrNull(int index) => Optional(index)?.Values;

    public ComputePrecision PrecisionOf(int index) => Precision(Input(index).ElementType);

    public static ComputePrecision Precision(OnnxDataType type) => type switch
    {
        OnnxDataType.Float16 or OnnxDataType.BFloat16 => ComputePrecision.Fp16,
        OnnxDataType.Int8 or OnnxDataType.UInt8 or OnnxDataType.Int4 or OnnxDataType.UInt4 => ComputePrecision.Int8,
        _ => ComputePrecision.Fp32,
    };

    public static long Product(IEnumerable<long> dims) => dims.Aggregate(1L, (product, dim) => checked(product * dim));

    /// <summary>Normalises a possibly negative axis against <paramref name="rank"/>.</summary>
    public long Axis(long axis, int rank)
    {
        var normalised = axis < 0 ? axis + rank : axis;
        if (normalised < 0 || normalised >= rank)
        {
            throw new UnknownCostException($"axis {axis} is out of range for rank {rank}");
        }

        return normalised;
    }

    public NodeEvaluation Result(TensorFacts output, double operations, ComputePrecision precision)
        => new([output], operations, precision, movesData: true);

    public NodeEvaluation Movement(TensorFacts output) => new([output], 0, ComputePrecision.Fp32, movesData: true);

    public NodeEvaluation View(TensorFacts output) => new([output], 0, ComputePrecision.Fp32, movesData: false);
}
