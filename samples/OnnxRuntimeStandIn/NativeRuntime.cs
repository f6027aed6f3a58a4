using System;
using System.IO;
using System.Linq;
using System.Reflection;
using EfficiencyKit.OnnxRuntime;

namespace Microsoft.ML.OnnxRuntime;

/// <summary>
/// The process-wide ONNX Runtime environment every <see cref="InferenceSession"/> is created in, as the real
/// package's <c>OrtEnv.Instance()</c> is. Part of the stand-in for Microsoft.ML.OnnxRuntime (not on our NuGet mirror).
/// </summary>
/// <remarks>
/// The native library is looked for where <see cref="OrtLibrary.TryLoadDefault"/> looks (EFFICIENCYKIT_ONNXRUNTIME,
/// then beside the app), then where the repository's build/fetch-onnxruntime.sh put it when this assembly was
/// built, so the samples run from a clone without copying the 45 MB library into every output folder.
/// </remarks>
internal static class NativeRuntime
{
    private static readonly Lazy<OrtEnvironment> s_environment = new(() =>
    {
        EnsureLoaded();
        // Warning, as the real package's default environment: ORT's informational lines would drown the app's output.
        return new OrtEnvironment(OrtLoggingLevel.Warning, "Microsoft.ML.OnnxRuntime");
    });

    public static OrtEnvironment Environment => s_environment.Value;

    /// <summary>Loads the native library if no one has yet, or throws saying where it looked.</summary>
    public static void EnsureLoaded()
    {
        if (OrtLibrary.TryLoadDefault(out var reason))
        {
            return;
        }

        var built = typeof(NativeRuntime).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == "OnnxRuntimePath")?.Value;
        if (built is null || !File.Exists(built))
        {
            throw new InvalidOperationException(
                $"{reason} Nor was it at {built ?? "(no build-time path)"}: run build/fetch-onnxruntime.sh or set {OrtLibrary.PathEnvironmentVariable}.");
        }

        OrtLibrary.Load(built);
    }
}
