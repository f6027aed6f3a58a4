using System;
using System.IO;
using System.Threading.Tasks;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A user's app with ONNX models, outside the repository, that restores the freshly packed EfficiencyKit package
/// (from the same test NuGet cache as <see cref="ConsumerProject"/>, so its tests join that collection).
/// ONNX Runtime's managed package is not in our registry: a one-file stand-in declares the
/// <c>InferenceSession</c> constructors the analyzers look for.
/// </summary>
public sealed class ModelConsumer : IDisposable
{
    private const string InferenceSessionStandIn = """
        namespace Microsoft.ML.OnnxRuntime;

        // Stand-in for the Microsoft.ML.OnnxRuntime package's InferenceSession (not in the test registry).
        public sealed class InferenceSession(string modelPath) : System.IDisposable
        {
            public string ModelPath { get; } = modelPath;

            public void Dispose() { }
        }
        """;

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
              </ItemGroup>
            {projectItems}
            </Project>
            """);
        File.WriteAllText(Path.Combine(Directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="efficiencykit-artifacts" value="{PackagedArtifacts.PackagesDirectory}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(Directory, "Program.cs"), program);
        File.WriteAllText(Path.Combine(Directory, "InferenceSession.cs"), InferenceSessionStandIn);
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
