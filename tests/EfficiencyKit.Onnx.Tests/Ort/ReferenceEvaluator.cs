using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Tests.Ort;

/// <summary>
/// A managed evaluator of the ONNX operator semantics the MLP graphs use, fp32 and dynamically quantized int8,
/// written from the operator specs (not from ORT): the oracle that ORT's outputs are compared with.
/// Tensors are 2-D row-major or scalars; integer tensors keep their values in <see cref="Value.Ints"/>.
/// </summary>
internal static class ReferenceEvaluator
{
    public sealed record Value(long[] Shape, float[]? Floats, int[]? Ints)
    {
        public int Rows => Shape.Length == 2 ? (int)Shape[0] : 1;

        public int Columns => Shape.Length == 2 ? (int)Shape[1] : 1;
    }

    public static float[] Run(OnnxModel model, string inputName, float[] input, int rows)
    {
        var values = new Dictionary<string, Value>(StringComparer.Ordinal)
        {
            [inputName] = new([rows, input.Length / rows], input, null),
        };
        foreach (var tensor in model.Graph.Initializers)
        {
            values[tensor.Name] = tensor.DataType switch
            {
                OnnxDataType.Float => new([.. tensor.Dims], OnnxTensorData.ReadFloats(tensor), null),
                OnnxDataType.Int8 => new([.. tensor.Dims], null, OnnxTensorData.ReadElementBytes(tensor).Select(b => (int)(sbyte)b).ToArray()),
                _ => throw new NotSupportedException(tensor.DataType.ToString()),
            };
        }

        foreach (var node in model.Graph.Nodes)
        {
            var inputs = node.Inputs.Select(name => values[name]).ToArray();
            var outputs = Evaluate(node, inputs);
            for (var i = 0; i < outputs.Length; i++)
            {
                values[node.Outputs[i]] = outputs[i];
            }
        }

        return values[model.Graph.Outputs[0].Name].Floats!;
    }

    private static Value[] Evaluate(OnnxNode node, Value[] x) => node.OpType switch
    {
        "MatMul" => [MatMul(x[0], x[1])],
        "Add" => [Elementwise(x[0], x[1], (a, b) => a + b)],
        "Mul" => [Elementwise(x[0], x[1], (a, b) => a * b)],
        "Relu" => [new(x[0].Shape, x[0].Floats!.Select(v => Math.Max(v, 0f)).ToArray(), null)],
        "Cast" => [new(x[0].Shape, x[0].Ints!.Select(v => (float)v).ToArray(), null)],
        "DynamicQuantizeLinear" => DynamicQuantizeLinear(x[0]),
        "MatMulInteger" => [MatMulInteger(x[0], x[1], x[2].Ints![0], x[3].Ints![0])],
        _ => throw new NotSupportedException(node.OpType),
    };

    private static Value MatMul(Value a, Value b)
        => new([a.Rows, b.Columns], Reference.MatMul(a.Floats!, b.Floats!, a.Rows, a.Columns, b.Columns), null);

    // Numpy broadcasting for the shapes these graphs use: same shape, a row vector, or a scalar.
    private static Value Elementwise(Value a, Value b, Func<float, float, float> op)
    {
        var (big, small, swapped) = a.Floats!.Length >= b.Floats!.Length ? (a, b, false) : (b, a, true);
        var result = new float[big.Floats!.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var other = small.Floats![small.Floats.Length == 1 ? 0 : i % small.Floats.Length];
            result[i] = swapped ? op(other, big.Floats[i]) : op(big.Floats[i], other);
        }

        return new(big.Shape, result, null);
    }

    // ONNX DynamicQuantizeLinear: uint8 range, [min, max] widened to include 0, round half to even, saturate.
    private static Value[] DynamicQuantizeLinear(Value x)
    {
        var min = Math.Min(0f, x.Floats!.Min());
        var max = Math.Max(0f, x.Floats!.Max());
        var scale = (max - min) / 255f;
        var zeroPoint = (int)Math.Round(Math.Clamp(0f - (min / scale), 0f, 255f), MidpointRounding.ToEven);
        var q = x.Floats!.Select(v => Math.Clamp((int)Math.Round(v / scale, MidpointRounding.ToEven) + zeroPoint, 0, 255)).ToArray();
        return [new(x.Shape, null, q), new([], [scale], null), new([], null, [zeroPoint])];
    }

    // ONNX MatMulInteger: int32 sums of (a − a_zero_point)(b − b_zero_point).
    private static Value MatMulInteger(Value a, Value b, int aZero, int bZero)
    {
        var c = new int[a.Rows * b.Columns];
        for (var row = 0; row < a.Rows; row++)
        {
            for (var col = 0; col < b.Columns; col++)
            {
                var sum = 0;
                for (var i = 0; i < a.Columns; i++)
                {
                    sum += (a.Ints![(row * a.Columns) + i] - aZero) * (b.Ints![(i * b.Columns) + col] - bZero);
                }

                c[(row * b.Columns) + col] = sum;
            }
        }

        return new([a.Rows, b.Columns], null, c);
    }
}
