using System.Linq;
using Microsoft.CodeAnalysis;

namespace EfficiencyKit.Analyzers.Internals;

internal static class CompilationExtensions
{
    private static readonly string[] s_testFrameworks = ["xunit.core", "xunit.v3.core", "nunit.framework", "Microsoft.VisualStudio.TestPlatform.TestFramework", "MSTest.TestFramework"];

    /// <summary>Whether the compilation is a test project (it references xunit, NUnit or MSTest).</summary>
    public static bool IsTestProject(this Compilation compilation)
        => compilation.ReferencedAssemblyNames.Any(a => s_testFrameworks.Contains(a.Name));

    /// <summary>
    /// Resolves a type by metadata name even when several references define it (a common case for
    /// polyfills and for stub assemblies): prefers the compilation's own definition, then the only
    /// accessible one, and gives up (null) when the choice is ambiguous.
    /// </summary>
    public static INamedTypeSymbol? GetBestTypeByMetadataName(this Compilation compilation, string fullyQualifiedMetadataName)
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
