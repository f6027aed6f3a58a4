using System;
using System.IO;
using System.Linq;
using EfficiencyKit.OnnxRuntime.Tests.Infrastructure;

namespace EfficiencyKit.OnnxRuntime.Tests;

/// <summary>Session lifetime, errors and dynamic shapes, on tiny models written in code.</summary>
public sealed class OrtSessionTests
{
    // Options and environments load ORT on their own only from the default places; the tests use the fetched library.
    public OrtSessionTests() => OrtTestEnvironment.EnsureLoaded();

    private static OrtEnvironment Env => OrtTestEnvironment.Environment;

    [OrtFact]
    public void Garbage_bytes_fail_with_orts_protobuf_message()
    {
        var exception = Assert.Throws<OrtException>(() => OrtSession.FromBytes(Env, "this is not an onnx model"u8));

        Assert.Equal(OrtErrorCode.InvalidProtobuf, exception.ErrorCode);
        Assert.Contains("protobuf parsing failed", exception.OrtMessage, StringComparison.Ordinal);
        Assert.Contains(exception.OrtMessage, exception.Message, StringComparison.Ordinal);
    }

    [OrtFact]
    public void A_missing_model_file_fails_with_no_such_file()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-model.onnx");

        var exception = Assert.Throws<OrtException>(() => OrtSession.FromFile(Env, missing));

        Assert.Equal(OrtErrorCode.NoSuchFile, exception.ErrorCode);
        Assert.Contains("File doesn't exist", exception.OrtMessage, StringComparison.Ordinal);
    }

    [OrtFact]
    public void Exposes_input_and_output_names()
    {
        using var session = OrtSession.FromBytes(Env, TinyModels.DynamicMatMul);

        Assert.Equal(["a", "b"], session.InputNames);
        Assert.Equal(["c"], session.OutputNames);
    }

    [OrtFact]
    public void One_session_runs_many_shapes_of_a_symbolic_dimension_model()
    {
        using var session = OrtSession.FromBytes(Env, TinyModels.DynamicRelu);

        foreach (var (n, m) in new[] { (1, 3), (4, 5), (7, 1) })
        {
            var x = Reference.Values(n * m, seed: n);
            var y = Assert.Single(session.Run([OrtTensor.Create("x", x, n, m)]));

            Assert.Equal("y", y.Name);
            Assert.Equal(OrtElementType.Float, y.ElementType);
            Assert.Equal([n, (long)m], y.Shape);
            Assert.Equal(x.Select(v => Math.Max(0f, v)).ToArray(), y.FloatData.ToArray());
        }
    }

    [OrtFact]
    public void An_empty_tensor_goes_in_and_comes_out()
    {
        using var session = OrtSession.FromBytes(Env, TinyModels.DynamicRelu);

        var y = Assert.Single(session.Run([OrtTensor.Create("x", Array.Empty<float>(), 0, 3)]));

        Assert.Equal([0L, 3L], y.Shape);
        Assert.Equal(0, y.ElementCount);
    }

    [OrtFact]
    public void Int64_tensors_round_trip_without_losing_precision()
    {
        using var session = OrtSession.FromBytes(Env, TinyModels.DynamicInt64Add);
        long[] a = [long.MaxValue - 10, -5, (1L << 53) + 1];
        long[] b = [3, 5, 2];

        var sum = Assert.Single(session.Run([OrtTensor.Create("a", a, 3), OrtTensor.Create("b", b, 3)]));

        Assert.Equal(OrtElementType.Int64, sum.ElementType);
        Assert.Equal([long.MaxValue - 7, 0, (1L << 53) + 3], sum.Int64Data.ToArray());
    }

    [OrtFact]
    public void Scalars_have_rank_zero_in_and_out()
    {
        using var session = OrtSession.FromBytes(Env, TinyModels.ScalarInt64Add);

        var sum = Assert.Single(session.Run([OrtTensor.Create("a", [40L]), OrtTensor.Create("b", [2L])]));

        Assert.Empty(sum.Shape);
        Assert.Equal(42L, sum.Int64Data[0]);
    }

    [OrtFact]
    public void A_wrong_element_type_is_reported_by_ort()
    {
        using var session = OrtSession.FromBytes(Env, TinyModels.DynamicRelu);

        var exception = Assert.Throws<OrtException>(() => session.Run([OrtTensor.Create("x", [1L, 2L], 1, 2)]));

        Assert.Equal(OrtErrorCode.InvalidArgument, exception.ErrorCode);
        Assert.Contains("Unexpected input data type", exception.OrtMessage, StringComparison.Ordinal);
    }

    [OrtFact]
    public void An_unnamed_input_is_rejected_before_calling_ort()
    {
        using var session = OrtSession.FromBytes(Env, TinyModels.DynamicRelu);

        Assert.Throws<ArgumentException>(() => session.Run([OrtTensor.Create(null, new float[2], 1, 2)]));
    }

    [OrtFact]
    public void Dispose_twice_is_safe_and_run_after_dispose_throws()
    {
        var session = OrtSession.FromBytes(Env, TinyModels.DynamicRelu);
        var options = new OrtSessionOptions();
        var environment = new OrtEnvironment(OrtLoggingLevel.Error);

        session.Dispose();
        session.Dispose();
        options.Dispose();
        options.Dispose();
        environment.Dispose();
        environment.Dispose();

        Assert.Throws<ObjectDisposedException>(() => session.Run([OrtTensor.Create("x", new float[1], 1, 1)]));
        Assert.Throws<ObjectDisposedException>(() => options.SetIntraOpThreads(1));
        Assert.Throws<ObjectDisposedException>(() => OrtSession.FromBytes(environment, TinyModels.DynamicRelu));
        Assert.Throws<ObjectDisposedException>(() => OrtSession.FromBytes(Env, TinyModels.DynamicRelu, options));
    }

    [OrtFact]
    public void A_session_keeps_its_environment_alive_after_the_environment_is_disposed()
    {
        var environment = new OrtEnvironment(OrtLoggingLevel.Error);
        using var session = OrtSession.FromBytes(environment, TinyModels.DynamicRelu);
        environment.Dispose();

        var y = Assert.Single(session.Run([OrtTensor.Create("x", [-1f, 2f], 1, 2)]));

        Assert.Equal([0f, 2f], y.FloatData.ToArray());
    }
}
