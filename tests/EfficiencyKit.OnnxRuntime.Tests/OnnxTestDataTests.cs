using System;
using System.Linq;
using EfficiencyKit.OnnxRuntime.Tests.Infrastructure;

namespace EfficiencyKit.OnnxRuntime.Tests;

/// <summary>
/// Real single-operator models from Debian's libonnx-testdata (onnx 1.12's node tests), run on inputs made
/// here and checked against a managed computation, so the tests need no TensorProto reader.
/// </summary>
public sealed class OnnxTestDataTests
{
    // Options and environments load ORT on their own only from the default places; the tests use the fetched library.
    public OnnxTestDataTests() => OrtTestEnvironment.EnsureLoaded();

    private static OrtEnvironment Env => OrtTestEnvironment.Environment;

    private static OrtSession Open(string folder) => OrtSession.FromFile(Env, OrtTestEnvironment.TestModel(folder));

    [OnnxTestDataFact]
    public void Relu_of_rank_3()
    {
        using var session = Open("node/test_relu");
        var x = Reference.Values(3 * 4 * 5, seed: 7);

        var y = Assert.Single(session.Run([OrtTensor.Create("x", x, 3, 4, 5)]));

        Assert.Equal(["x"], session.InputNames);
        Assert.Equal(["y"], session.OutputNames);
        Assert.Equal([3L, 4L, 5L], y.Shape);
        Assert.Equal(x.Select(v => Math.Max(0f, v)).ToArray(), y.FloatData.ToArray());
    }

    [OnnxTestDataFact]
    public void MatMul_2d()
    {
        using var session = Open("node/test_matmul_2d");
        var a = Reference.Values(3 * 4, seed: 1);
        var b = Reference.Values(4 * 3, seed: 2);

        var c = Assert.Single(session.Run([OrtTensor.Create("a", a, 3, 4), OrtTensor.Create("b", b, 4, 3)]));

        Assert.Equal(["a", "b"], session.InputNames);
        Assert.Equal([3L, 3L], c.Shape);
        Reference.AssertClose(Reference.MatMul(a, b, 3, 4, 3), c.FloatData);
    }

    [OnnxTestDataFact]
    public void Gemm_without_bias()
    {
        using var session = Open("node/test_gemm_default_no_bias");
        var a = Reference.Values(2 * 10, seed: 3);
        var b = Reference.Values(10 * 3, seed: 4);

        var y = Assert.Single(session.Run([OrtTensor.Create("a", a, 2, 10), OrtTensor.Create("b", b, 10, 3)]));

        Reference.AssertClose(Reference.MatMul(a, b, 2, 10, 3), y.FloatData);
    }

    [OnnxTestDataFact]
    public void Gemm_with_transposed_b_and_broadcast_bias()
    {
        using var session = Open("node/test_gemm_transposeB");
        var a = Reference.Values(3 * 6, seed: 5);
        var b = Reference.Values(4 * 6, seed: 6);
        var c = Reference.Values(4, seed: 7);

        var y = Assert.Single(session.Run([OrtTensor.Create("a", a, 3, 6), OrtTensor.Create("b", b, 4, 6), OrtTensor.Create("c", c, 1, 4)]));

        var expected = Reference.MatMul(a, b, 3, 6, 4, transposeB: true).Select((v, i) => v + c[i % 4]).ToArray();
        Assert.Equal([3L, 4L], y.Shape);
        Reference.AssertClose(expected, y.FloatData);
    }

    [OnnxTestDataFact]
    public void ArgMax_returns_int64_indices()
    {
        using var session = Open("node/test_argmax_no_keepdims_example");

        var result = Assert.Single(session.Run([OrtTensor.Create("data", [2f, 1f, 3f, 10f], 2, 2)]));

        Assert.Equal(OrtElementType.Int64, result.ElementType);
        Assert.Equal([2L], result.Shape);
        Assert.Equal([0L, 1L], result.Int64Data.ToArray());
    }

    [OnnxTestDataFact]
    public void Max_of_int64_inputs()
    {
        using var session = Open("node/test_max_int64");
        long[] a = [long.MinValue, 5, long.MaxValue];
        long[] b = [-1, 6, 0];

        var result = Assert.Single(session.Run([OrtTensor.Create("data_0", a, 3), OrtTensor.Create("data_1", b, 3)]));

        Assert.Equal([-1L, 6L, long.MaxValue], result.Int64Data.ToArray());
    }

    [OnnxTestDataFact]
    public void Gather_takes_float_data_and_int64_indices()
    {
        using var session = Open("node/test_gather_0");
        var data = Enumerable.Range(0, 5 * 24).Select(i => (float)i).ToArray();

        var y = Assert.Single(session.Run([OrtTensor.Create("data", data, 5, 4, 3, 2), OrtTensor.Create("indices", [4L, 0L, 2L], 3)]));

        Assert.Equal([3L, 4L, 3L, 2L], y.Shape);
        var expected = new[] { 4, 0, 2 }.SelectMany(row => data.Skip(row * 24).Take(24)).ToArray();
        Assert.Equal(expected, y.FloatData.ToArray());
    }

    [OnnxTestDataFact]
    public void Symbolic_input_and_scalar_int64_output()
    {
        // SplitToSequence(X[n], Splits) -> SequenceLength: X has a symbolic dimension, len is a rank-0 int64.
        using var session = Open("simple/test_sequence_model8");

        var length = Assert.Single(session.Run([OrtTensor.Create("X", Reference.Values(6, seed: 8), 6), OrtTensor.Create("Splits", [1L, 2L, 3L], 3)]));

        Assert.Equal("len", length.Name);
        Assert.Empty(length.Shape);
        Assert.Equal(3L, length.Int64Data[0]);
    }

    [OnnxTestDataFact]
    public void A_bad_input_name_is_reported_by_ort()
    {
        using var session = Open("node/test_relu");

        var exception = Assert.Throws<OrtException>(() => session.Run([OrtTensor.Create("nope", new float[60], 3, 4, 5)]));

        Assert.Equal(OrtErrorCode.InvalidArgument, exception.ErrorCode);
        Assert.Contains("Invalid input name: nope", exception.OrtMessage, StringComparison.Ordinal);
    }

    [OnnxTestDataFact]
    public void A_bad_rank_is_reported_by_ort()
    {
        using var session = Open("node/test_relu");

        var exception = Assert.Throws<OrtException>(() => session.Run([OrtTensor.Create("x", new float[60], 60)]));

        Assert.Equal(OrtErrorCode.InvalidArgument, exception.ErrorCode);
        Assert.Contains("Invalid rank for input: x", exception.OrtMessage, StringComparison.Ordinal);
    }

    [OnnxTestDataFact]
    public void A_wrong_fixed_dimension_is_reported_by_ort()
    {
        using var session = Open("node/test_relu");

        var exception = Assert.Throws<OrtException>(() => session.Run([OrtTensor.Create("x", new float[72], 3, 4, 6)]));

        Assert.Equal(OrtErrorCode.InvalidArgument, exception.ErrorCode);
        Assert.Contains("invalid dimensions for input: x", exception.OrtMessage, StringComparison.Ordinal);
    }

    [OnnxTestDataFact]
    public void A_missing_input_and_an_unknown_output_are_reported_by_ort()
    {
        using var session = Open("node/test_matmul_2d");
        var a = OrtTensor.Create("a", new float[12], 3, 4);
        var b = OrtTensor.Create("b", new float[12], 4, 3);

        var missing = Assert.Throws<OrtException>(() => session.Run([a]));
        var unknown = Assert.Throws<OrtException>(() => session.Run([a, b], ["nope"]));

        Assert.Contains("b", missing.OrtMessage, StringComparison.Ordinal);
        Assert.Contains("nope", unknown.OrtMessage, StringComparison.Ordinal);
    }
}
