using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// How the corpus harnesses compile a repository folder: every .cs file under it in one library, latest language
/// version, nullable and unsafe code allowed (real repositories use both), against <c>TestReferences.All</c>.
/// </summary>
internal static class CorpusCompilation
{
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilationOptions Options { get; } = new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true);

    public static string[] SourceFiles(string repository) => Directory.GetFiles(repository, "*.cs", SearchOption.AllDirectories);
}
