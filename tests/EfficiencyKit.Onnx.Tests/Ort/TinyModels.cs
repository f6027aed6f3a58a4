using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Tests.Ort;

/// <summary>
/// One-operator models written with our own ONNX writer, for what the MLP-shaped test models lack: symbolic
/// dimensions everywhere, int64 and rank-0 (scalar) types, and empty tensors.
/// </summary>
internal static class TinyModels
{
    /// <summary>y = Relu(x), x: float[N, M].</summary>
    public static byte[] DynamicRelu { get; } = OnnxModelWriter.ToBytes(new OnnxGraphBuilder("tiny")
        .Input("x", OnnxDataType.Float, "N", "M")
        .Node("Relu", ["x"], ["y"])
        .Output("y", OnnxDataType.Float, "N", "M")
        .Build());

    /// <summary>sum = a + b, all int64[N].</summary>
    public static byte[] DynamicInt64Add { get; } = OnnxModelWriter.ToBytes(new OnnxGraphBuilder("tiny")
        .Input("a", OnnxDataType.Int64, "N")
        .Input("b", OnnxDataType.Int64, "N")
        .Node("Add", ["a", "b"], ["sum"])
        .Output("sum", OnnxDataType.Int64, "N")
        .Build());

    /// <summary>sum = a + b, all int64 scalars (rank 0).</summary>
    public static byte[] ScalarInt64Add { get; } = OnnxModelWriter.ToBytes(new OnnxGraphBuilder("tiny")
        .Input("a", OnnxDataType.Int64)
        .Input("b", OnnxDataType.Int64)
        .Node("Add", ["a", "b"], ["sum"])
        .Output("sum", OnnxDataType.Int64)
        .Build());

    /// <summary>c = MatMul(a, b), a: float[N, K], b: float[K, M].</summary>
    public static byte[] DynamicMatMul { get; } = OnnxModelWriter.ToBytes(new OnnxGraphBuilder("tiny")
        .Input("a", OnnxDataType.Float, "N", "K")
        .Input("b", OnnxDataType.Float, "K", "M")
        .Node("MatMul", ["a", "b"], ["c"])
        .Output("c", OnnxDataType.Float, "N", "M")
        .Build());
}
