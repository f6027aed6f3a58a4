using System.Reflection;

namespace EfficiencyKit.EndToEnd.Tests.Infrastructure;

/// <summary>Where the build under test left its packages and programs (values baked in at build time from MSBuild).</summary>
public static class PackagedArtifacts
{
    public static string PackagesDirectory { get; } = Path.GetFullPath(GetMetadata("PackageOutputPath"));

    /// <summary>The nuget.config of a consumer project: EfficiencyKit comes from <see cref="PackagesDirectory"/>, the packages this build just made.</summary>
    public static string NuGetConfig { get; } = $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="efficiencykit-artifacts" value="{PackagesDirectory}" />
          </packageSources>
        </configuration>
        """;

    public static string ArtifactsDirectory { get; } = Path.GetFullPath(GetMetadata("ArtifactsDir"));

    /// <summary>The NuGet packages folder the consumer projects restore into, shared with the samples (Directory.Build.props).</summary>
    public static string ConsumerPackagesDirectory { get; } = Path.GetFullPath(GetMetadata("ConsumerPackagesPath"));

    public static string Version { get; } = GetMetadata("PackageVersion");

    /// <summary>The built dotnet-energy tool (run with <c>dotnet</c>).</summary>
    public static string ToolPath { get; } = Path.GetFullPath(GetMetadata("ToolPath"));

    /// <summary>The profiler validation workload (see tests/EfficiencyKit.Profiler.Workload).</summary>
    public static string WorkloadPath { get; } = Path.GetFullPath(GetMetadata("WorkloadPath"));

    /// <summary>The support-desk app that calls a stand-in OpenAI endpoint through EfficiencyKit.Runtime's wrappers.</summary>
    public static string RuntimeWorkloadPath { get; } = Path.GetFullPath(GetMetadata("RuntimeWorkloadPath"));

    public static string EfficiencyKitPackage
    {
        get
        {
            var path = Path.Combine(PackagesDirectory, $"EfficiencyKit.{Version}.nupkg");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"'{path}' is missing: build the solution (the package project packs on build).", path);
        }
    }

    private static string GetMetadata(string key)
        => typeof(PackagedArtifacts).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
            ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing from the test assembly.");
}
