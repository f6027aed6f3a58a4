using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EfficiencyKit.Analyzers.Tests.Verification;

/// <summary>
/// Metadata references for test compilations: the SDK's reference pack for the running runtime, the real
/// OpenAI, Microsoft.Extensions.AI.Abstractions, DI abstractions and System.Numerics.Tensors assemblies, and stub assemblies
/// compiled once from the embedded Stubs/*.cs sources (APIs our registry lacks), under their real names.
/// </summary>
public static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_all = new(CreateAll);
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_framework = new(() => [.. GetFrameworkReferences()]);

    public static ImmutableArray<MetadataReference> All => s_all.Value;

    /// <summary>The reference pack alone: for compilations of projects that use none of the AI libraries.</summary>
    public static ImmutableArray<MetadataReference> Framework => s_framework.Value;

    private static ImmutableArray<MetadataReference> CreateAll()
    {
        var references = new List<MetadataReference>();
        references.AddRange(Framework);
        foreach (var type in new[]
                 {
                     typeof(OpenAI.OpenAIClient),
                     typeof(System.ClientModel.ApiKeyCredential),
                     typeof(BinaryData),
                     typeof(Microsoft.Extensions.AI.IChatClient),
                     typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection),
                     typeof(System.Numerics.Tensors.TensorPrimitives),
                 })
        {
            references.Add(MetadataReference.CreateFromFile(type.Assembly.Location));
        }

        var frameworkAndApis = references.ToImmutableArray();
        references.Add(CompileStub("Microsoft.ML.OnnxRuntime", "OnnxRuntime.cs", frameworkAndApis));
        references.Add(CompileStub("Microsoft.Extensions.AI", "ExtensionsAI.cs", frameworkAndApis));
        references.Add(CompileStub("Microsoft.SemanticKernel.Abstractions", "SemanticKernel.cs", frameworkAndApis));
        references.Add(CompileStub("Azure.AI.OpenAI", "AzureOpenAI.cs", frameworkAndApis));
        references.Add(CompileStub("Microsoft.AspNetCore.Stubs", "AspNetCore.cs", frameworkAndApis));
        return [.. references];
    }

    /// <summary>Reference assemblies from packs/Microsoft.NETCore.App.Ref matching the running runtime's major version.</summary>
    private static IEnumerable<MetadataReference> GetFrameworkReferences()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var major = Environment.Version.Major;
        var packs = new DirectoryInfo(Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref"));
        var refDirectory = packs.Exists
            ? packs.GetDirectories($"{major}.*")
                .OrderByDescending(directory => Version.TryParse(directory.Name.Split('-')[0], out var version) ? version : new Version())
                .Select(directory => Path.Combine(directory.FullName, "ref", $"net{major}.0"))
                .FirstOrDefault(Directory.Exists)
            : null;

        if (refDirectory is null)
        {
            throw new InvalidOperationException($"No reference pack for .NET {major} under '{packs.FullName}'; install the .NET {major} SDK.");
        }

        return Directory.GetFiles(refDirectory, "*.dll").Select(path => MetadataReference.CreateFromFile(path));
    }

    private static MetadataReference CompileStub(string assemblyName, string resourceFile, ImmutableArray<MetadataReference> references)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Stubs." + resourceFile)
            ?? throw new InvalidOperationException($"Embedded stub 'Stubs.{resourceFile}' is missing.");
        using var reader = new StreamReader(stream);
        var tree = CSharpSyntaxTree.ParseText(reader.ReadToEnd(), new CSharpParseOptions(LanguageVersion.Latest), path: resourceFile);
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [tree],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
        {
            var errors = string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
            throw new InvalidOperationException($"Stub '{resourceFile}' does not compile:{Environment.NewLine}{errors}");
        }

        // Display carries the assembly name so that ProjectBuilder.WithoutReference can leave a stub out.
        return MetadataReference.CreateFromImage(image.ToArray(), filePath: assemblyName + ".dll");
    }
}
