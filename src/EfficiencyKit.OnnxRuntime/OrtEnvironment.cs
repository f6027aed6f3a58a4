using System;
using EfficiencyKit.OnnxRuntime.Native;

namespace EfficiencyKit.OnnxRuntime;

/// <summary>
/// An ORT environment (<c>OrtEnv</c>): logging and process-wide state every <see cref="OrtSession"/> is created in.
/// </summary>
/// <remarks>
/// Create one per process and share it. ORT keeps a single environment internally and hands every
/// <c>CreateEnv</c> the same one, so the logging level of the first one wins. Creating it starts one native
/// ORT thread that <c>ReleaseEnv</c> does not join: it stays until the process exits, idle. Sessions keep
/// their environment alive, so disposing it while sessions are open releases it after the last one.
/// </remarks>
public sealed class OrtEnvironment : IDisposable
{
    /// <summary>Creates the environment, loading the ORT library first if needed (<see cref="OrtLibrary.TryLoadDefault"/>).</summary>
    /// <param name="loggingLevel">The least severe message ORT writes to stderr.</param>
    /// <param name="logId">The identifier ORT prefixes its log lines with.</param>
    /// <exception cref="InvalidOperationException">The ORT library is not loaded and cannot be found.</exception>
    /// <exception cref="OrtException">ORT could not create the environment.</exception>
    public OrtEnvironment(OrtLoggingLevel loggingLevel = OrtLoggingLevel.Warning, string logId = "EfficiencyKit")
    {
        ArgumentNullException.ThrowIfNull(logId);
        OrtLibrary.EnsureLoaded();
        Handle = new OrtHandle(OrtApi.CreateEnv(loggingLevel, logId), OrtSlots.ReleaseEnv);
    }

    internal OrtHandle Handle { get; }

    /// <summary>Releases the environment once no session uses it any more. Safe to call more than once.</summary>
    public void Dispose() => Handle.Dispose();
}
