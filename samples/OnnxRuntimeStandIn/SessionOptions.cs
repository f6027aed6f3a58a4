using System;
using EfficiencyKit.OnnxRuntime;

namespace Microsoft.ML.OnnxRuntime;

/// <summary>
/// Options for creating an <see cref="InferenceSession"/>. Stand-in mirroring the public shape of
/// Microsoft.ML.OnnxRuntime's <c>SessionOptions</c> (the package is not on our NuGet mirror), over
/// <see cref="OrtSessionOptions"/>; same names and defaults, so code compiles unchanged against the real package.
/// Each setter applies the setting to the native options at once, as the real class does.
/// </summary>
public sealed class SessionOptions : IDisposable
{
    private GraphOptimizationLevel _graphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
    private int _intraOpNumThreads;
    private int _interOpNumThreads;

    /// <summary>Creates ONNX Runtime's default options, loading the native library first if needed.</summary>
    public SessionOptions()
    {
        NativeRuntime.EnsureLoaded();
        Native = new OrtSessionOptions();
    }

    /// <summary>How much ONNX Runtime optimizes the graph at session creation; default <see cref="GraphOptimizationLevel.ORT_ENABLE_ALL"/>.</summary>
    public GraphOptimizationLevel GraphOptimizationLevel
    {
        get => _graphOptimizationLevel;
        set
        {
            // The enums share ORT's numeric values (0, 1, 2, 99).
            Native.SetGraphOptimizationLevel((OrtGraphOptimizationLevel)value);
            _graphOptimizationLevel = value;
        }
    }

    /// <summary>Threads that run one operator in parallel; 0 (default) lets ONNX Runtime choose.</summary>
    public int IntraOpNumThreads
    {
        get => _intraOpNumThreads;
        set
        {
            Native.SetIntraOpThreads(value);
            _intraOpNumThreads = value;
        }
    }

    /// <summary>Threads that run independent operators in parallel (parallel execution mode only); 0 (default) lets ONNX Runtime choose.</summary>
    public int InterOpNumThreads
    {
        get => _interOpNumThreads;
        set
        {
            Native.SetInterOpThreads(value);
            _interOpNumThreads = value;
        }
    }

    internal OrtSessionOptions Native { get; }

    /// <summary>Sets a session config entry, e.g. <c>session.intra_op.allow_spinning</c>.</summary>
    /// <param name="configKey">The key, as in ORT's onnxruntime_session_options_config_keys.h.</param>
    /// <param name="configValue">Its value.</param>
    public void AddSessionConfigEntry(string configKey, string configValue) => Native.AddConfigEntry(configKey, configValue);

    /// <summary>Releases the native options; sessions created with them keep their own copy.</summary>
    public void Dispose() => Native.Dispose();
}
