using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using EfficiencyKit.EndToEnd.Tests.Infrastructure;

namespace EfficiencyKit.Samples.Tests.Infrastructure;

/// <summary>Where the DocumentSearch samples are and how to run and compile them.</summary>
internal static class SampleApps
{
    public const string Wasteful = "DocumentSearch";

    public const string Fixed = "DocumentSearch.Fixed";

    // EfficiencyKit.OnnxRuntime's OrtLibrary.PathEnvironmentVariable, which the apps' ONNX Runtime stand-in honours.
    private const string LibraryPathVariable = "EFFICIENCYKIT_ONNXRUNTIME";

    private static readonly string s_repoRoot = Metadata("RepoRoot");
    private static readonly string s_configuration = Metadata("Configuration");

    /// <summary>Why the apps cannot run here (no ONNX Runtime library), or null.</summary>
    public static string? RunSkipReason { get; } = ComputeRunSkipReason();

    /// <summary>The repository's root folder.</summary>
    public static string RepoRoot => s_repoRoot;

    public static string ProjectPath(string app) => Path.Combine(s_repoRoot, "samples", app, app + ".csproj");

    /// <summary>Runs an app built by this project's references: <c>dotnet App.dll --documents N --queries N</c>.</summary>
    public static Task<BuildResult> RunAsync(string app, int documents, int queries)
    {
        var assembly = Path.Combine(s_repoRoot, "samples", app, "bin", s_configuration, "net10.0", app + ".dll");
        return DotNetCli.RunAsync(s_repoRoot, assembly, "--documents", documents.ToString(), "--queries", queries.ToString());
    }

    /// <summary>
    /// Compiles an app again with its analyzers and writes every diagnostic, Info level included, to a SARIF log.
    /// Only the Compile target of the app itself, forced (NonExistentFile is one of CoreCompile's inputs): its
    /// references are already built, and nothing in its output folder changes while another test runs it.
    /// </summary>
    public static async Task<(BuildResult Build, SarifLog Log)> CompileAsync(string app, string sarifPath)
    {
        var build = await DotNetCli.RunAsync(
            s_repoRoot,
            "msbuild",
            ProjectPath(app),
            "-t:Compile",
            "-nodeReuse:false",
            "-p:Configuration=" + s_configuration,
            "-p:BuildProjectReferences=false",
            "-p:NonExistentFile=" + Path.Combine(Path.GetDirectoryName(sarifPath)!, "force-compile"),
            // %2C and %3D: MSBuild would read a bare comma as a property separator.
            "-p:ErrorLog=" + sarifPath + "%2Cversion%3D2.1");
        return (build, build.Succeeded ? SarifLog.Read(sarifPath) : SarifLog.Empty);
    }

    private static string Metadata(string key) => typeof(SampleApps).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == key).Value!;

    private static string? ComputeRunSkipReason()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return $"the samples run ONNX Runtime, fetched for linux-x64 only; this is {RuntimeInformation.RuntimeIdentifier}.";
        }

        var library = Environment.GetEnvironmentVariable(LibraryPathVariable) is { Length: > 0 } configured ? configured : Metadata("OnnxRuntimeLibraryPath");
        return File.Exists(library) ? null : $"ONNX Runtime library not found at {library}: run build/fetch-onnxruntime.sh (needs registry.npmjs.org) or set {LibraryPathVariable}.";
    }
}
