using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace EfficiencyKit.Analyzers.Internals;

internal static class CompilationExtensions
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<string, INamedTypeSymbol?>> s_bestTypes = new();

    private static readonly string[] s_testFrameworks = ["xunit.core", "xunit.v3.core", "nunit.framework", "Microsoft.VisualStudio.TestPlatform.TestFramework", "MSTest.TestFramework"];

    /// <summary>Whether the compilation is a test project (it references xunit, NUnit or MSTest).</summary>
    public static bool IsTestProject(this Compilation compilation)
        => compilation.ReferencedAssemblyNames.Any(a => s_testFrameworks.Contains(a.Name));

    /// <summary>
    /// Resolves a type by metadata name even when several references define it (a common case for
    /// polyfills and for stub assemblies): prefers the compilation's own definition, then the only
    /// accessible one, and gives up (null) when the choice is ambiguous.
    /// </summary>
    /// <remarks>
    /// Our analyzers ask for some 90 type names at each compilation's start, many of them in several analyzers, and the
    /// compiler's own cache of these lookups holds 50 entries, so the answers are kept per compilation: each miss
    /// searches every referenced assembly.
    /// </remarks>
    public static INamedTypeSymbol? GetBestTypeByMetadataName(this Compilation compilation, string fullyQualifiedMetadataName)
    {
        var answers = s_bestTypes.GetValue(compilation, static _ => new ConcurrentDictionary<string, INamedTypeSymbol?>(StringComparer.Ordinal));
        return answers.GetOrCompute(fullyQualifiedMetadataName, name => FindBestType(compilation, name));
    }

    private static INamedTypeSymbol? FindBestType(Compilation compilation, string fullyQualifiedMetadataName)
    {
        INamedTypeSymbol? best = null;
        foreach (var type in compilation.GetTypesByMetadataName(fullyQualifiedMetadataName))
        {
            if (SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly))
            {
                return type;
            }

            if (!compilation.IsSymbolAccessibleWithin(type, compilation.Assembly))
            {
                continue;
            }

            if (best is not null)
            {
                return null;
            }

            best = type;
        }

        return best;
    }
}
