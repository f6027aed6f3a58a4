using EfficiencyKit.EndToEnd.Tests.Infrastructure;
using EfficiencyKit.Onnx.Quantization;
using EfficiencyKit.Onnx.Tests;

namespace EfficiencyKit.EndToEnd.Tests;

/// <summary>
/// The packed analyzers on an app written against the real ONNX Runtime 1.32 API (no stand-in types): a session
/// per item, Run with NamedOnnxValue and with OrtValue on batch-1 inputs, optimizations off, an fp32 model beside
/// its int8 copy, and a scalar cosine loop, each reported at its line by <c>dotnet build</c>.
/// </summary>
[Collection(ConsumerCollection.Name)]
public sealed class OnnxRuntimeConsumerTests : IDisposable
{
    private const string Program = """
        using Microsoft.ML.OnnxRuntime;
        using Microsoft.ML.OnnxRuntime.Tensors;

        var rows = new List<float[]> { new float[256], new float[256] };
        Console.WriteLine(string.Join(", ", Search.Score(rows, new float[256])));

        public static class Search
        {
            public static List<float> Score(IReadOnlyList<float[]> rows, float[] query)
            {
                var scores = new List<float>();
                using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
                foreach (var row in rows)
                {
                    using var session = new InferenceSession("models/intent.onnx", options);
                    var tensor = new DenseTensor<float>(row, new[] { 1, row.Length });
                    using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("x", tensor) });
                    scores.Add(Cosine(results.First().AsEnumerable<float>().ToArray(), query));
                }

                return scores;
            }

            public static List<float[]> Embed(InferenceSession session, IReadOnlyList<float[]> rows)
            {
                var embeddings = new List<float[]>();
                using var runOptions = new RunOptions();
                foreach (var row in rows)
                {
                    using var input = OrtValue.CreateTensorValueFromMemory(row, new long[] { 1, row.Length });
                    using var outputs = session.Run(runOptions, new[] { "x" }, new[] { input }, new[] { "y" });
                    embeddings.Add(outputs[0].GetTensorDataAsSpan<float>().ToArray());
                }

                return embeddings;
            }

            private static float Cosine(float[] a, float[] b)
            {
                float dot = 0, normA = 0, normB = 0;
                for (int i = 0; i < a.Length; i++)
                {
                    dot += a[i] * b[i];
                    normA += a[i] * a[i];
                    normB += b[i] * b[i];
                }

                return dot / (MathF.Sqrt(normA) * MathF.Sqrt(normB));
            }
        }
        """;

    private readonly ModelConsumer _app = new(string.Empty, Program);

    public OnnxRuntimeConsumerTests()
    {
        // The fp32 model and, beside it, its int8 copy as a user would have made it (dotnet-energy quantize).
        _app.WriteModel("models/intent.onnx", TestModels.Mlp());
        ModelQuantizer.Quantize(_app.PathOf("models/intent.onnx"), _app.PathOf("models/intent.int8.onnx"), new QuantizationOptions { ReduceRange = true });

        // EK1203 and EK1501 are Info by default, which dotnet build does not print: raised the way a user would.
        File.WriteAllText(_app.PathOf(".editorconfig"), """
            root = true

            [*.cs]
            dotnet_diagnostic.EK1203.severity = warning
            dotnet_diagnostic.EK1501.severity = warning
            """);
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Dotnet_build_reports_each_waste_at_its_line_on_the_real_onnx_runtime_api()
    {
        var build = await _app.BuildAsync();

        Assert.True(build.Succeeded, build.ToString());
        Assert.DoesNotContain(build.Diagnostics, d => d.Id is "CS9057" or "AD0001" or "CS8032");
        AssertAt(build, "EK1001", "new InferenceSession(");
        AssertAt(build, "EK1201", "new InferenceSession(");
        Assert.Contains("models/intent.int8.onnx", Assert.Single(build.WithId("EK1201")).Message, StringComparison.Ordinal);
        Assert.Equal(
            [Line("session.Run(new[] { NamedOnnxValue"), Line("session.Run(runOptions")],
            build.WithId("EK1102").Select(d => d.Line).Order());
        AssertAt(build, "EK1203", "GraphOptimizationLevel.ORT_DISABLE_ALL");
        AssertAt(build, "EK1501", "for (int i = 0; i < a.Length; i++)");
        Assert.All(build.Diagnostics.Where(d => d.Id.StartsWith("EK1", StringComparison.Ordinal)), d => Assert.Equal("warning", d.Severity));
    }

    private void AssertAt(BuildResult build, string id, string text)
    {
        var diagnostic = Assert.Single(build.WithId(id));
        Assert.Equal(("Program.cs", Line(text)), (Path.GetFileName(diagnostic.File), diagnostic.Line));
    }

    private int Line(string text)
    {
        var lines = File.ReadAllLines(_app.PathOf("Program.cs"));
        var index = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        Assert.True(index >= 0, $"'{text}' not found in Program.cs");
        return index + 1;
    }
}
