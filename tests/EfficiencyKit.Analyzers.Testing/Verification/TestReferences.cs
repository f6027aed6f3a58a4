using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace EfficiencyKit.Analyzers.Tests.Verification;

/// <summary>
/// Metadata references for test compilations: what this project compiles against (the build embeds its
/// ReferencePath as TestReferences.txt): the .NET and ASP.NET Core reference packs, and the real assemblies of the AI
/// libraries our users reference (OpenAI, Azure.AI.OpenAI, Microsoft.Extensions.AI, Semantic Kernel, Agent Framework,
/// OllamaSharp, ONNX Runtime and its GenAI API, System.Numerics.Tensors) with their dependencies. Restore has put
/// them on disk, so tests resolve nothing from a feed.
/// </summary>
public static class TestReferences
{
    private static readonly ImmutableArray<Entry> s_entries = Load();

    /// <summary>The .NET reference pack and the AI packages, at the versions in Directory.Packages.props: what a rule test compiles against.</summary>
    public static ImmutableArray<MetadataReference> Libraries { get; } = [.. s_entries.Where(e => e.Framework != "Microsoft.AspNetCore.App" && !e.Package.Contains('/', StringComparison.Ordinal)).Select(e => e.Reference)];

    /// <summary>
    /// The ASP.NET Core reference pack, for the tests of request handlers. Apart, because its ~150 assemblies make every
    /// compilation that references them markedly slower (about a third more CPU for the whole rule suite).
    /// </summary>
    public static ImmutableArray<MetadataReference> AspNetCore { get; } = [.. s_entries.Where(e => e.Framework == "Microsoft.AspNetCore.App").Select(e => e.Reference)];

    /// <summary>Everything this project compiles against: <see cref="Libraries"/> and <see cref="AspNetCore"/>.</summary>
    public static ImmutableArray<MetadataReference> All { get; } = Libraries.AddRange(AspNetCore);

    /// <summary>The .NET reference pack alone: for compilations of projects that use none of the AI libraries.</summary>
    public static ImmutableArray<MetadataReference> Framework { get; } = [.. s_entries.Where(e => e.Framework == "Microsoft.NETCore.App").Select(e => e.Reference)];

    /// <summary>The assembly of an older package version this project downloads (PackageDownload), e.g. "Microsoft.Extensions.AI.Abstractions/9.5.0".</summary>
    public static MetadataReference Older(string packageAndVersion)
        => s_entries.SingleOrDefault(e => e.Package == packageAndVersion)?.Reference
            ?? throw new InvalidOperationException($"'{packageAndVersion}' is not among EfficiencyKit.Analyzers.Testing's PackageDownload items.");

    /// <summary>The file name, without extension, that ProjectBuilder.WithoutReference (in the analyzer tests) matches.</summary>
    public static string AssemblyName(MetadataReference reference) => Path.GetFileNameWithoutExtension(reference.Display ?? string.Empty);

    private static ImmutableArray<Entry> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("TestReferences.txt")
            ?? throw new InvalidOperationException("TestReferences.txt is not embedded: the EmbedTestReferences target did not run.");
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('|'))
            .Select(fields => new Entry(fields[0], fields[1], MetadataReference.CreateFromFile(fields[3])))];
    }

    private sealed record Entry(string Framework, string Package, MetadataReference Reference);
}
