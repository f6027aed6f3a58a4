using System.Collections.Concurrent;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Which parameters of a project's own methods become an output cap: <c>MaxOutputTokens = maxOutputTokens</c> in the
/// method, or the parameter forwarded to such a parameter of a method of the same type. A caller passing null (or
/// leaving a null default) to one sends an uncapped request through the helper. Read from the declaration's syntax
/// (another tree's semantic model is off limits), once per parameter and compilation.
/// </summary>
internal sealed class CapParameterSummary
{
    private const int MaxForwardingDepth = 3;
    private readonly ConcurrentDictionary<IParameterSymbol, bool> _cache = new(SymbolEqualityComparer.Default);

    // Only whole answers are cached; the depth bound ends recursion through mutually forwarding overloads.
    public bool IsCapParameter(IParameterSymbol parameter, CancellationToken cancellationToken)
        => _cache.GetOrAdd(parameter, p => IsCapParameter(p, 0, cancellationToken));

    private bool IsCapParameter(IParameterSymbol parameter, int depth, CancellationToken cancellationToken)
        => depth < MaxForwardingDepth && parameter.ContainingSymbol is IMethodSymbol method
            && method.DeclaringSyntaxReferences.Any(reference => reference.GetSyntax(cancellationToken).DescendantNodes().Any(node => node switch
            {
                AssignmentExpressionSyntax { Right: IdentifierNameSyntax value } assignment => value.Identifier.ValueText == parameter.Name && IsCapTarget(assignment.Left),
                ArgumentSyntax { Expression: IdentifierNameSyntax value, Parent.Parent: InvocationExpressionSyntax call } argument
                    => value.Identifier.ValueText == parameter.Name && Forwards(method.ContainingType, call, argument, depth, cancellationToken),
                _ => false,
            }));

    private static bool IsCapTarget(ExpressionSyntax target) => target switch
    {
        IdentifierNameSyntax name => OutputCapAnalysis.IsCapPropertyName(name.Identifier.ValueText),
        MemberAccessExpressionSyntax access => OutputCapAnalysis.IsCapPropertyName(access.Name.Identifier.ValueText),
        _ => false,
    };

    // helper(…, maxOutputTokens, …) to a method of the same type whose parameter at that place (or of that name) is a cap parameter.
    private bool Forwards(INamedTypeSymbol type, InvocationExpressionSyntax call, ArgumentSyntax argument, int depth, CancellationToken cancellationToken)
    {
        var name = call.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };
        if (name is null)
        {
            return false;
        }

        var position = call.ArgumentList.Arguments.IndexOf(argument);
        foreach (var candidate in type.GetMembers(name).OfType<IMethodSymbol>())
        {
            // receiver.Helper(a, b) calls an extension Helper(this receiver, a, b).
            var index = candidate.IsExtensionMethod && call.Expression is MemberAccessExpressionSyntax ? position + 1 : position;
            var target = argument.NameColon is { } named
                ? candidate.Parameters.FirstOrDefault(p => p.Name == named.Name.Identifier.ValueText)
                : index < candidate.Parameters.Length ? candidate.Parameters[index] : null;
            if (target is not null && IsCapParameter(target, depth + 1, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }
}
