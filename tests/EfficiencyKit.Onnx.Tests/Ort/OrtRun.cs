using Microsoft.ML.OnnxRuntime;

namespace EfficiencyKit.Onnx.Tests.Ort;

/// <summary>Sessions and runs of the real ONNX Runtime package, through its OrtValue API.</summary>
internal static class OrtRun
{
    /// <summary>Options at <paramref name="level"/> with one intra-op thread, so results do not depend on the machine's core count.</summary>
    public static SessionOptions Options(GraphOptimizationLevel level)
    {
        var options = new SessionOptions { GraphOptimizationLevel = level, IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        // Spinning workers would fight the test host's other threads for the CPU on small CI machines.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    /// <summary>Runs a one-input, one-output float model file and returns the output's values.</summary>
    public static float[] Floats(string modelPath, GraphOptimizationLevel level, string inputName, float[] input, params long[] shape)
    {
        using var options = Options(level);
        using var session = new InferenceSession(modelPath, options);
        return Floats(session, inputName, input, shape).Values;
    }

    /// <summary>Runs a one-input float model and returns its first output's values and shape.</summary>
    public static (float[] Values, long[] Shape) Floats(InferenceSession session, string inputName, float[] input, params long[] shape)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [inputName], [value], [session.OutputNames[0]]);
        var output = outputs.Single();
        return (output.GetTensorDataAsSpan<float>().ToArray(), output.GetTensorTypeAndShape().Shape);
    }

    /// <summary>Runs a two-input model of one element type and returns its first output.</summary>
    public static (T[] Values, long[] Shape) Binary<T>(InferenceSession session, (T[] Data, long[] Shape) a, (T[] Data, long[] Shape) b)
        where T : unmanaged
    {
        using var first = OrtValue.CreateTensorValueFromMemory(a.Data, a.Shape);
        using var second = OrtValue.CreateTensorValueFromMemory(b.Data, b.Shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, session.InputNames, [first, second], [session.OutputNames[0]]);
        var output = outputs.Single();
        return (output.GetTensorDataAsSpan<T>().ToArray(), output.GetTensorTypeAndShape().Shape);
    }
}
