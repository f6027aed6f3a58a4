using System;
using EfficiencyKit.OnnxRuntime.Native;

namespace EfficiencyKit.OnnxRuntime;

/// <summary>
/// Options for creating an <see cref="OrtSession"/> (<c>OrtSessionOptions</c>). ORT copies them when a session
/// is created, so one instance can serve many sessions and be disposed afterwards.
/// </summary>
public sealed class OrtSessionOptions : IDisposable
{
    /// <summary>Session config key that lets intra-op worker threads spin while waiting for work.</summary>
    public const string AllowSpinningKey = "session.intra_op.allow_spinning";

    private readonly OrtHandle _handle;

    /// <summary>Creates ORT's default options, loading the ORT library first if needed.</summary>
    /// <exception cref="InvalidOperationException">The ORT library is not loaded and cannot be found.</exception>
    public OrtSessionOptions()
    {
        OrtLibrary.EnsureLoaded();
        _handle = new OrtHandle(OrtApi.CreateSessionOptions(), OrtSlots.ReleaseSessionOptions);
    }

    internal OrtHandle Handle => _handle;

    /// <summary>How much ORT rewrites the graph at session creation (default <see cref="OrtGraphOptimizationLevel.All"/>).</summary>
    /// <param name="level">The level.</param>
    public void SetGraphOptimizationLevel(OrtGraphOptimizationLevel level) => SetInt(OrtSlots.SetSessionGraphOptimizationLevel, (int)level);

    /// <summary>
    /// Threads that run one operator in parallel, the calling thread included: a session with N starts
    /// N − 1 worker threads and joins them when disposed. 0 lets ORT choose (one per physical core).
    /// </summary>
    /// <param name="threads">The thread count, or 0.</param>
    public void SetIntraOpThreads(int threads) => SetInt(OrtSlots.SetIntraOpNumThreads, threads);

    /// <summary>Threads that run independent operators in parallel (used only in parallel execution mode); 0 lets ORT choose.</summary>
    /// <param name="threads">The thread count, or 0.</param>
    public void SetInterOpThreads(int threads) => SetInt(OrtSlots.SetInterOpNumThreads, threads);

    /// <summary>
    /// Whether intra-op workers spin after their work runs out (ORT's default) instead of blocking at once.
    /// Spinning shaves latency off back-to-back runs but burns CPU, tens of milliseconds per worker after the
    /// last run, and hurts badly when workers outnumber cores; turn it off on small machines.
    /// </summary>
    /// <param name="allow">True to spin, false to block.</param>
    public void SetAllowSpinning(bool allow) => AddConfigEntry(AllowSpinningKey, allow ? "1" : "0");

    /// <summary>Makes ORT write the graph it optimised to <paramref name="path"/> (an .onnx file) when a session is created.</summary>
    /// <param name="path">The file to write.</param>
    public void SetOptimizedModelFilePath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var lease = Lease();
        OrtApi.SetOptimizedModelFilePath(lease.Pointer, path);
    }

    /// <summary>Sets any session config entry (<c>AddSessionConfigEntry</c>), e.g. keys of ORT's onnxruntime_session_options_config_keys.h.</summary>
    /// <param name="key">The config key.</param>
    /// <param name="value">Its value.</param>
    public void AddConfigEntry(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        using var lease = Lease();
        OrtApi.AddSessionConfigEntry(lease.Pointer, key, value);
    }

    /// <summary>Releases the native options. Safe to call more than once.</summary>
    public void Dispose() => _handle.Dispose();

    private void SetInt(int slot, int value)
    {
        using var lease = Lease();
        OrtApi.SetInt(slot, lease.Pointer, value);
    }

    private OrtHandleLease Lease()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return _handle.Lease();
    }
}
