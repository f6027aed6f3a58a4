using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace EfficiencyKit.OnnxRuntime.Tests.Infrastructure;

/// <summary>
/// Where the tests find ONNX Runtime and Debian's ONNX test data, why a test must skip when they are absent,
/// and the one <see cref="OrtEnvironment"/> the test process shares (ORT keeps one per process anyway).
/// </summary>
internal static class OrtTestEnvironment
{
    /// <summary>Overrides <see cref="TestDataRoot"/>, e.g. for a libonnx-testdata copy outside /usr/share.</summary>
    public const string TestDataEnvironmentVariable = "EFFICIENCYKIT_ONNX_TESTDATA";

    private const string DebianTestDataRoot = "/usr/share/libonnx-testdata/data";

    private static readonly Lazy<OrtEnvironment> s_environment = new(() =>
    {
        EnsureLoaded();
        // Error level: ORT's warnings about the deliberately bad inputs would only clutter the test log.
        return new OrtEnvironment(OrtLoggingLevel.Error, "EfficiencyKit.OnnxRuntime.Tests");
    });

    /// <summary>The data folder of Debian's libonnx-testdata (holding node/, simple/, …).</summary>
    public static string TestDataRoot { get; } =
        System.Environment.GetEnvironmentVariable(TestDataEnvironmentVariable) is { Length: > 0 } configured ? configured : DebianTestDataRoot;

    /// <summary><see cref="OrtLibrary.PathEnvironmentVariable"/> when set, else the path the test project's build fetched to.</summary>
    public static string LibraryPath { get; } = ResolveLibraryPath();

    public static string? SkipReason { get; } = ComputeSkipReason();

    public static string? TestDataSkipReason { get; } = SkipReason ?? (Directory.Exists(Path.Combine(TestDataRoot, "node"))
        ? null
        : $"ONNX test data not found at {TestDataRoot}: install the Debian package libonnx-testdata (or set {TestDataEnvironmentVariable}) to run these tests.");

    public static OrtEnvironment Environment => s_environment.Value;

    public static void EnsureLoaded() => OrtLibrary.Load(LibraryPath);

    public static string TestModel(string relativeFolder) => Path.Combine(TestDataRoot, relativeFolder, "model.onnx");

    private static string ResolveLibraryPath()
    {
        var configured = System.Environment.GetEnvironmentVariable(OrtLibrary.PathEnvironmentVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        return typeof(OrtTestEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "OnnxRuntimePath").Value!;
    }

    private static string? ComputeSkipReason()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return $"ONNX Runtime tests run on linux-x64 only (build/fetch-onnxruntime.sh fetches no other build); this is {RuntimeInformation.RuntimeIdentifier}.";
        }

        return File.Exists(LibraryPath)
            ? null
            : $"ONNX Runtime library not found at {LibraryPath}: run build/fetch-onnxruntime.sh (needs registry.npmjs.org) or set {OrtLibrary.PathEnvironmentVariable}.";
    }
}
