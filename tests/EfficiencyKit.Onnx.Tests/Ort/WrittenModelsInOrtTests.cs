using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EfficiencyKit.Onnx.Tests.Ort;

/// <summary>
/// What our ONNX writer declares (symbolic dimensions, int64 and rank-0 types, input and output names) is what
/// ONNX Runtime 1.32 reads: the tiny models load and compute the right values at every optimization level.
/// </summary>
public sealed class WrittenModelsInOrtTests
{
    [Fact]
    public void Input_and_output_names_are_the_written_ones()
    {
        using var session = new InferenceSession(TinyModels.DynamicMatMul);

        Assert.Equal(["a", "b"], session.InputNames);
        Assert.Equal(["c"], session.OutputNames);
    }

    [Fact]
    public void One_session_runs_many_shapes_of_a_symbolic_dimension_model()
    {
        using var session = new InferenceSession(TinyModels.DynamicRelu);

        foreach (var (n, m) in new[] { (1, 3), (4, 5), (7, 1) })
        {
            var x = Reference.Values(n * m, seed: n);
            var (y, shape) = OrtRun.Floats(session, "x", x, n, m);

            Assert.Equal([n, (long)m], shape);
            Assert.Equal(x.Select(v => Math.Max(0f, v)).ToArray(), y);
        }
    }

    [Fact]
    public void An_empty_tensor_goes_in_and_comes_out()
    {
        using var session = new InferenceSession(TinyModels.DynamicRelu);

        var (y, shape) = OrtRun.Floats(session, "x", [], 0, 3);

        Assert.Equal([0L, 3L], shape);
        Assert.Empty(y);
    }

    [Fact]
    public void Int64_tensors_round_trip_without_losing_precision()
    {
        using var session = new InferenceSession(TinyModels.DynamicInt64Add);
        long[] a = [long.MaxValue - 10, -5, (1L << 53) + 1];
        long[] b = [3, 5, 2];

        var (sum, _) = OrtRun.Binary(session, (a, [3]), (b, [3]));

        Assert.Equal(TensorElementType.Int64, session.OutputMetadata["sum"].ElementDataType);
        Assert.Equal([long.MaxValue - 7, 0, (1L << 53) + 3], sum);
    }

    [Fact]
    public void Scalars_have_rank_zero_in_and_out()
    {
        using var session = new InferenceSession(TinyModels.ScalarInt64Add);

        var (sum, shape) = OrtRun.Binary(session, ([40L], []), ([2L], []));

        Assert.Empty(session.InputMetadata["a"].Dimensions);
        Assert.Empty(shape);
        Assert.Equal([42L], sum);
    }

    [Fact]
    public void Every_optimization_level_and_thread_setting_gives_the_same_result()
    {
        var a = Reference.Values(6 * 5, seed: 1);
        var b = Reference.Values(5 * 4, seed: 2);
        var expected = Reference.MatMul(a, b, 6, 5, 4);
        foreach (var level in Enum.GetValues<GraphOptimizationLevel>())
        {
            using var options = OrtRun.Options(level);
            using var session = new InferenceSession(TinyModels.DynamicMatMul, options);

            var (c, _) = OrtRun.Binary(session, (a, [6, 5]), (b, [5, 4]));

            Reference.AssertClose(expected, c);
        }
    }
}
