using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A user's app with ONNX models, outside the repository, that restores the freshly packed EfficiencyKit package
/// (from the same test NuGet cache as <see cref="ConsumerProject"/>, so its tests join that collection) and
/// ONNX Runtime 1.32's managed API from the registry. Microsoft.ML.OnnxRuntime.Managed is the assembly that
/// Microsoft.ML.OnnxRuntime brings (the analyzers see the same types); the app is built, never run, so the
/// 480 MB of native libraries of the full package would only slow the restore.
/// </summary>
public sealed class ModelConsumer : IDisposable
{
    public ModelConsumer(string projectItems, string program)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <RestorePackagesPath>{PackagedArtifacts.ConsumerPackagesDirectory}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="EfficiencyKit" Version="{PackagedArtifacts.Version}" />
                <PackageReference Include="Microsoft.ML.OnnxRuntime.Managed" Version="1.32.0" />
              </ItemGroup>
            {projectItems}
            </Project>
            """);
        File.WriteAllText(Path.Combine(Directory, "nuget.config"), PackagedArtifacts.NuGetConfig);
        File.WriteAllText(Path.Combine(Directory, "Program.cs"), program);
    }

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "efficiencykit-models-" + Guid.NewGuid().ToString("N")[..8]);

    public string PathOf(string relative) => Path.Combine(Directory, relative);

    public string OutputPathOf(string relative) => Path.Combine(Directory, "bin", "Debug", "net10.0", relative);

    public string ManifestPath => Path.Combine(Directory, "obj", "Debug", "net10.0", "efficiencykit.models.json");

    public void WriteModel(string relative, OnnxModel model)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(PathOf(relative))!);
        OnnxModelWriter.Write(model, PathOf(relative));
    }

    public Task<BuildResult> BuildAsync(params string[] arguments)
        => DotNetCli.RunAsync(Directory, ["build", "App.csproj", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-clp:NoSummary", .. arguments]);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
