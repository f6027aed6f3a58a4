using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using EfficiencyKit.EndToEnd.Tests.Infrastructure;

namespace EfficiencyKit.EndToEnd.Tests;

public sealed class PackageLayoutTests
{
    [Fact]
    public void Package_is_laid_out_as_an_analyzer_package()
    {
        using var package = ZipFile.OpenRead(PackagedArtifacts.EfficiencyKitPackage);
        var entries = package.Entries.Select(e => e.FullName).ToList();

        Assert.Contains("analyzers/dotnet/cs/EfficiencyKit.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/EfficiencyKit.CodeFixes.dll", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));

        Assert.Contains("config/EfficiencyKit.minimal.globalconfig", entries);
        Assert.Contains("config/EfficiencyKit.strict.globalconfig", entries);

        // The MSBuild model tasks with exactly the libraries they load; MSBuild supplies Microsoft.Build.* itself.
        Assert.Equal(
            ["tasks/netstandard2.0/EfficiencyKit.Build.dll", "tasks/netstandard2.0/EfficiencyKit.Energy.dll", "tasks/netstandard2.0/EfficiencyKit.Onnx.dll"],
            entries.Where(e => e.StartsWith("tasks/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        foreach (var folder in new[] { "build", "buildTransitive" })
        {
            Assert.Contains($"{folder}/EfficiencyKit.props", entries);
            Assert.Contains($"{folder}/EfficiencyKit.targets", entries);
        }
    }

    [Fact]
    public void Nuspec_marks_the_package_as_a_development_dependency_without_dependencies()
    {
        using var package = ZipFile.OpenRead(PackagedArtifacts.EfficiencyKitPackage);
        using var stream = package.GetEntry("EfficiencyKit.nuspec")!.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");

        Assert.Equal("EfficiencyKit", metadata.Elements().Single(e => e.Name.LocalName == "id").Value);
        Assert.Equal(PackagedArtifacts.Version, metadata.Elements().Single(e => e.Name.LocalName == "version").Value);
        Assert.Equal("true", metadata.Elements().Single(e => e.Name.LocalName == "developmentDependency").Value);
        Assert.DoesNotContain(metadata.Elements(), e => e.Name.LocalName == "dependencies");
    }

    /// <summary>
    /// The SDK's compiler silently skips (CS9057) an analyzer built against a newer Roslyn than its own;
    /// 4.8 keeps the analyzers loadable from the .NET 8 SDK on.
    /// </summary>
    [Fact]
    public void Analyzer_assembly_references_Roslyn_4_8()
    {
        using var package = ZipFile.OpenRead(PackagedArtifacts.EfficiencyKitPackage);
        using var entry = package.GetEntry("analyzers/dotnet/cs/EfficiencyKit.Analyzers.dll")!.Open();
        using var copy = new MemoryStream();
        entry.CopyTo(copy);
        copy.Position = 0;
        using var pe = new PEReader(copy);
        var reader = pe.GetMetadataReader();
        var roslyn = reader.AssemblyReferences
            .Select(handle => reader.GetAssemblyReference(handle))
            .Where(reference => reader.GetString(reference.Name).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
            .Select(reference => (Name: reader.GetString(reference.Name), reference.Version))
            .ToList();

        Assert.NotEmpty(roslyn);
        Assert.All(roslyn, reference => Assert.Equal(new Version(4, 8, 0, 0), reference.Version));
        Assert.DoesNotContain(roslyn, reference => reference.Name.Contains("Workspaces", StringComparison.Ordinal));
    }
}
