using System.Reflection;
using EfficiencyKit.EndToEnd.Tests.Infrastructure;

namespace EfficiencyKit.Samples.Tests.Infrastructure;

/// <summary>Where the DocumentSearch samples are and how to run and compile them.</summary>
internal static class SampleApps
{
    public const string Wasteful = "DocumentSearch";

    public const string Fixed = "DocumentSearch.Fixed";

    private static readonly string s_repoRoot = Metadata("RepoRoot");
    private static readonly string s_configuration = Metadata("Configuration");

    /// <summary>The repository's root folder.</summary>
    public static string RepoRoot => s_repoRoot;

    public static string ProjectPath(string app) => Path.Combine(s_repoRoot, "samples", app, app + ".csproj");

    /// <summary>
    /// Builds an app as a user would, <c>dotnet build</c> with its restore: EfficiencyKit comes from the package this
    /// test project's references packed (samples/Directory.Build.props).
    /// </summary>
    public static Task<BuildResult> BuildAsync(string app)
        => DotNetCli.RunAsync(s_repoRoot, "build", ProjectPath(app), "-c", s_configuration, "-nodeReuse:false", "-clp:NoSummary");

    /// <summary>Runs an app built by <see cref="BuildAsync"/>: <c>dotnet App.dll --documents N --queries N</c>.</summary>
    public static Task<BuildResult> RunAsync(string app, int documents, int queries)
    {
        var assembly = Path.Combine(s_repoRoot, "samples", app, "bin", s_configuration, "net10.0", app + ".dll");
        return DotNetCli.RunAsync(s_repoRoot, assembly, "--documents", documents.ToString(), "--queries", queries.ToString());
    }

    /// <summary>
    /// Compiles an app again with its analyzers and writes every diagnostic, Info level included, to a SARIF log.
    /// Only the Compile target of the app itself, forced (NonExistentFile is one of CoreCompile's inputs): it is
    /// already restored and built, and nothing in its output folder changes while another test runs it.
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
}
