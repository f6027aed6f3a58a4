using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using EfficiencyKit.OnnxRuntime.Native;

namespace EfficiencyKit.OnnxRuntime;

/// <summary>
/// Loads the ONNX Runtime native library once per process and binds its C API (version
/// <see cref="ApiVersion"/>). Everything else in this namespace needs it loaded; <see cref="OrtEnvironment"/>
/// and <see cref="OrtSessionOptions"/> call <see cref="TryLoadDefault"/> themselves when nothing is loaded yet.
/// </summary>
/// <remarks>
/// The library cannot be unloaded or swapped: ORT objects created from it live in this process, so a second
/// <see cref="Load"/> with another path throws. Get the library with <c>build/fetch-onnxruntime.sh</c>.
/// </remarks>
public static class OrtLibrary
{
    /// <summary>The C API version this binding asks for: ORT_API_VERSION of ONNX Runtime 1.30.</summary>
    public const int ApiVersion = 30;

    /// <summary>Environment variable with the full path of the ORT library, read by <see cref="TryLoadDefault"/>.</summary>
    public const string PathEnvironmentVariable = "EFFICIENCYKIT_ONNXRUNTIME";

    private static readonly object s_lock = new();
    private static string? s_path;
    private static string? s_version;

    /// <summary>The ORT library's file name on this platform (<c>libonnxruntime.so.1</c> on Linux).</summary>
    public static string DefaultFileName =>
        OperatingSystem.IsWindows() ? "onnxruntime.dll"
        : OperatingSystem.IsMacOS() ? "libonnxruntime.1.dylib"
        : "libonnxruntime.so.1";

    /// <summary>Whether the library is loaded and bound.</summary>
    public static bool IsLoaded => OrtApi.IsInitialized;

    /// <summary>The full path the library was loaded from, or null when it is not loaded.</summary>
    public static string? LoadedPath => s_path;

    /// <summary>ORT's version string (<c>GetVersionString</c>), e.g. <c>1.30.0</c>.</summary>
    /// <exception cref="InvalidOperationException">The library is not loaded.</exception>
    public static string VersionString =>
        s_version ?? throw new InvalidOperationException("ONNX Runtime is not loaded: call OrtLibrary.Load(path) or OrtLibrary.TryLoadDefault first.");

    /// <summary>Loads the ORT library at <paramref name="path"/> and binds API version <see cref="ApiVersion"/>.</summary>
    /// <param name="path">The library file, e.g. <c>artifacts/onnxruntime/1.30.0/linux-x64/libonnxruntime.so.1</c>.</param>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="DllNotFoundException">The file is not a loadable native library for this process.</exception>
    /// <exception cref="EntryPointNotFoundException">The library does not export <c>OrtGetApiBase</c>: not ONNX Runtime.</exception>
    /// <exception cref="NotSupportedException">The library is older than ONNX Runtime 1.30.</exception>
    /// <exception cref="InvalidOperationException">Another ORT library is already loaded in this process.</exception>
    public static void Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"ONNX Runtime library not found at {fullPath}. Run build/fetch-onnxruntime.sh or set {PathEnvironmentVariable}.", fullPath);
        }

        lock (s_lock)
        {
            if (s_path is not null)
            {
                if (string.Equals(s_path, fullPath, StringComparison.Ordinal))
                {
                    return;
                }

                throw new InvalidOperationException($"ONNX Runtime is already loaded from {s_path}; a process can bind only one ORT library, so {fullPath} was not loaded.");
            }

            var (table, version) = Open(fullPath);
            s_version = version;
            s_path = fullPath;
            OrtApi.Initialize(table);
        }
    }

    /// <summary>
    /// Loads the library from <see cref="PathEnvironmentVariable"/> when it is set, otherwise from
    /// <see cref="DefaultFileName"/> beside the application (<see cref="AppContext.BaseDirectory"/>).
    /// Returns true at once when a library is already loaded.
    /// </summary>
    /// <param name="reason">Empty on success; otherwise where it looked and why that failed.</param>
    public static bool TryLoadDefault(out string reason)
    {
        if (IsLoaded)
        {
            reason = string.Empty;
            return true;
        }

        // An explicit setting wins and is not second-guessed: if it is wrong, say so rather than load another copy.
        var configured = Environment.GetEnvironmentVariable(PathEnvironmentVariable);
        var (path, source) = string.IsNullOrEmpty(configured)
            ? (Path.Combine(AppContext.BaseDirectory, DefaultFileName), "beside the application")
            : (configured, $"from {PathEnvironmentVariable}");
        try
        {
            Load(path);
            reason = string.Empty;
            return true;
        }
        catch (Exception exception) when (exception is IOException or DllNotFoundException or EntryPointNotFoundException
                                              or NotSupportedException or InvalidOperationException or BadImageFormatException)
        {
            reason = $"ONNX Runtime {source} ({path}) could not be loaded: {exception.Message}";
            return false;
        }
    }

    /// <summary>Loads the library if needed, or throws with the reason it could not be.</summary>
    internal static void EnsureLoaded()
    {
        if (!TryLoadDefault(out var reason))
        {
            throw new InvalidOperationException(reason + $" Call OrtLibrary.Load(path) first, or set {PathEnvironmentVariable}.");
        }
    }

    /// <summary>
    /// Opens the library, checks it is ONNX Runtime 1.30 or newer and returns its OrtApi table, without
    /// touching the process-wide binding; the handle is freed again when any check fails.
    /// </summary>
    internal static unsafe (IntPtr Table, string Version) Open(string fullPath)
    {
        if (!NativeLibrary.TryLoad(fullPath, out var library))
        {
            throw new DllNotFoundException($"{fullPath} exists but is not a native library this process can load (wrong architecture, missing dependencies or not a shared library).");
        }

        try
        {
            if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out var getApiBase))
            {
                throw new EntryPointNotFoundException($"{fullPath} does not export OrtGetApiBase: it is not an ONNX Runtime library.");
            }

            var apiBase = ((delegate* unmanaged<void**>)getApiBase)();
            var version = Marshal.PtrToStringUTF8(((delegate* unmanaged<IntPtr>)apiBase[OrtSlots.ApiBaseGetVersionString])()) ?? string.Empty;
            // Asked for an API version it lacks, ORT prints to stderr besides returning NULL; check the version first.
            if (!IsSupported(version))
            {
                throw new NotSupportedException($"{fullPath} is ONNX Runtime {version}; EfficiencyKit.OnnxRuntime needs 1.{ApiVersion} or newer (C API version {ApiVersion}).");
            }

            var table = ((delegate* unmanaged<uint, IntPtr>)apiBase[OrtSlots.ApiBaseGetApi])(ApiVersion);
            if (table == IntPtr.Zero)
            {
                throw new NotSupportedException($"ONNX Runtime {version} at {fullPath} does not provide C API version {ApiVersion}.");
            }

            return (table, version);
        }
        catch
        {
            NativeLibrary.Free(library);
            throw;
        }
    }

    private static bool IsSupported(string version)
    {
        var parts = version.Split('.');
        return parts.Length >= 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            && (major > 1 || (major == 1 && minor >= ApiVersion));
    }
}
