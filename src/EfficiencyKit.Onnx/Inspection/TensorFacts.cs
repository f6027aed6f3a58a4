using System.Linq;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Inspection;

/// <summary>
/// What shape inference knows about a value: element type, dimensions (null = unknown rank, -1 = unknown
/// dimension) and, for small integer tensors such as Reshape targets, the values themselves.
/// </summary>
internal sealed record TensorFacts(OnnxDataType ElementType, long[]? Dims, long[]? Values = null)
{
    /// <summary>Whether every dimension is known.</summary>
    public bool HasKnownShape => Dims is not null && Dims.All(d => d >= 0);

    public long Elements => Dims!.Aggregate(1L, (product, dim) => checked(product * dim));

    public long Bytes => OnnxDataTypes.ByteCount(ElementType, Elements);

    public string DescribeShape() => Dims is null ? "[?]" : "[" + string.Join(",", Dims.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
}
