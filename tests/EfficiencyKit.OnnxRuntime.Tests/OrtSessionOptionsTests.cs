using System;
using System.IO;
using EfficiencyKit.OnnxRuntime.Tests.Infrastructure;

namespace EfficiencyKit.OnnxRuntime.Tests;

public sealed class OrtSessionOptionsTests
{
    // Options and environments load ORT on their own only from the default places; the tests use the fetched library.
    public OrtSessionOptionsTests() => OrtTestEnvironment.EnsureLoaded();

    private static OrtEnvironment Env => OrtTestEnvironment.Environment;

    [OrtFact]
    public void Every_optimization_level_and_thread_setting_gives_the_same_result()
    {
        var a = Reference.Values(6 * 5, seed: 1);
        var b = Reference.Values(5 * 4, seed: 2);
        var expected = Reference.MatMul(a, b, 6, 5, 4);
        foreach (var level in Enum.GetValues<OrtGraphOptimizationLevel>())
        {
            using var options = new OrtSessionOptions();
            options.SetGraphOptimizationLevel(level);
            options.SetIntraOpThreads(1);
            options.SetInterOpThreads(1);
            options.SetAllowSpinning(false);
            using var session = OrtSession.FromBytes(Env, TinyModels.DynamicMatMul, options);

            var c = Assert.Single(session.Run([OrtTensor.Create("a", a, 6, 5), OrtTensor.Create("b", b, 5, 4)]));

            Reference.AssertClose(expected, c.FloatData);
        }
    }

    [OrtFact]
    public void Writes_the_optimized_model_which_loads_again()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ek-optimized-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var options = new OrtSessionOptions())
            {
                options.SetOptimizedModelFilePath(path);
                using var _ = OrtSession.FromBytes(Env, TinyModels.DynamicRelu, options);
            }

            Assert.True(new FileInfo(path).Length > 0, $"ORT wrote no optimized model to {path}");
            using var reloaded = OrtSession.FromFile(Env, path);
            Assert.Equal(["x"], reloaded.InputNames);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
