using EfficiencyKit.Onnx.Model;
using Microsoft.ML.OnnxRuntime;

namespace EfficiencyKit.Profiler.Workload;

/// <summary>
/// The "ort" scenario's session: a generated 512→2048→512 MLP (written with our ONNX writer) in ONNX Runtime
/// with two intra-op threads, i.e. the calling thread plus one worker thread that ORT creates and that never runs
/// managed code. The worker's CPU (read from its thread CPU clock) is part of the calling site's ground truth.
/// </summary>
internal static class OrtWorkload
{
    public const int IntraOpThreads = 2;
    public const int Batch = 64;
    private const int Inputs = 512, Hidden = 2048, Outputs = 512;

    /// <summary>Creates the session and returns it with the OS thread ids of the intra-op workers it started.</summary>
    public static (InferenceSession Session, int[] Workers) CreateSession()
    {
        // ORT's environment starts a thread of its own when it is first created: not an intra-op worker.
        _ = OrtEnv.Instance();
        var before = ThreadIds();
        using var options = new SessionOptions
        {
            IntraOpNumThreads = IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        // No spin-waiting: with ORT's default the worker also spins when no Run is in progress (measured: about 40 ms
        // of CPU after session creation and 40 ms after the last run), and that CPU is rightly [native, unattributed].
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        var session = new InferenceSession(OnnxModelWriter.ToBytes(Mlp()), options);

        // New threads not named by the runtime (".NET …") are ORT's: it makes intra-op threads − 1 of them.
        var workers = ThreadIds().Except(before).Where(tid => !ThreadName(tid).StartsWith(".NET", StringComparison.Ordinal)).ToArray();
        if (workers.Length != IntraOpThreads - 1)
        {
            throw new InvalidOperationException($"expected {IntraOpThreads - 1} ONNX Runtime worker thread(s), found {workers.Length}: {string.Join(", ", workers.Select(t => $"{t} '{ThreadName(t)}'"))}");
        }

        return (session, workers);
    }

    public static OrtValue Input()
    {
        var random = new Random(1);
        var values = Enumerable.Range(0, Batch * Inputs).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        return OrtValue.CreateTensorValueFromMemory(values, [Batch, Inputs]);
    }

    private static OnnxModel Mlp()
    {
        var random = new Random(42);
        float[] Weights(int count) => Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1) / 32).ToArray();
        return new OnnxGraphBuilder("ort-workload")
            .Input("x", OnnxDataType.Float, "batch", Inputs)
            .Initializer(OnnxTensor.FromFloats("W1", [Inputs, Hidden], Weights(Inputs * Hidden)))
            .Initializer(OnnxTensor.FromFloats("W2", [Hidden, Outputs], Weights(Hidden * Outputs)))
            .Node("MatMul", ["x", "W1"], ["h1"])
            .Node("Relu", ["h1"], ["h2"])
            .Node("MatMul", ["h2", "W2"], ["y"])
            .Output("y", OnnxDataType.Float, "batch", Outputs)
            .Build();
    }

    private static HashSet<int> ThreadIds()
        => Directory.GetDirectories("/proc/self/task").Select(path => int.Parse(Path.GetFileName(path), System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();

    private static string ThreadName(int tid) => File.ReadAllText($"/proc/self/task/{tid}/comm").Trim();
}
