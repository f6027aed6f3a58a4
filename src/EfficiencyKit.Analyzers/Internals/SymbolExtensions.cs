namespace EfficiencyKit.Analyzers.Internals;

internal static class SymbolExtensions
{
    /// <summary>True when <paramref name="type"/> is <paramref name="baseType"/> or derives from it.</summary>
    public static bool InheritsFromOrEquals(this ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="namespaceSymbol"/> is the namespace named <paramref name="dottedName"/> (such as
    /// "System.Threading.Tasks"), compared part by part from the innermost: no display string is built, since the
    /// question is asked of symbols on every invocation of a compilation.
    /// </summary>
    public static bool IsNamespace(this INamespaceSymbol? namespaceSymbol, string dottedName)
    {
        var end = dottedName.Length;
        for (var current = namespaceSymbol; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            var start = dottedName.LastIndexOf('.', end - 1) + 1;
            if (end - start != current.Name.Length || string.CompareOrdinal(dottedName, start, current.Name, 0, end - start) != 0)
            {
                return false;
            }

            if (start == 0)
            {
                return current.ContainingNamespace is null or { IsGlobalNamespace: true };
            }

            end = start - 1;
        }

        return false;
    }

    /// <summary>True when <paramref name="type"/> is, inherits from or implements <paramref name="other"/>.</summary>
    public static bool IsOrImplements(this ITypeSymbol? type, INamedTypeSymbol? other)
    {
        if (type is null || other is null)
        {
            return false;
        }

        if (type.InheritsFromOrEquals(other))
        {
            return true;
        }

        foreach (var @interface in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(@interface.OriginalDefinition, other))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The type a method extends (its <c>this</c> parameter) or, for an instance method, its containing type.</summary>
    public static ITypeSymbol? GetReceiverType(this IMethodSymbol method)
        => method.IsExtensionMethod && method.Parameters.Length > 0 ? method.Parameters[0].Type : method.ContainingType;

    public static bool HasAttribute(this ISymbol symbol, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null)
        {
            return false;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass.InheritsFromOrEquals(attributeType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a call with this many arguments can bind to <paramref name="method"/> (optional and params parameters counted; an extension method in either form).</summary>
    public static bool AcceptsArgumentCount(this IMethodSymbol method, int arguments)
    {
        if (method.IsVararg)
        {
            return true;
        }

        var parameters = method.Parameters;
        var required = 0;
        foreach (var parameter in parameters)
        {
            required += parameter.IsOptional || parameter.IsParams ? 0 : 1;
        }

        if (method.IsExtensionMethod && required > 0)
        {
            required--;
        }

        return arguments >= required && (arguments <= parameters.Length || (parameters.Length > 0 && parameters[parameters.Length - 1].IsParams));
    }
}
