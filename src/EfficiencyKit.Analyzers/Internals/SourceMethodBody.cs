using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// The operation tree of a method declaration of this compilation, for the summaries that look into a callee's body from
/// a caller's callback. Declarations in another compilation, without a body, or that the caller's cheap syntactic check
/// rules out are never bound.
/// </summary>
internal static class SourceMethodBody
{
    /// <summary>
    /// The body of <paramref name="reference"/>, or null where there is none to read. <paramref name="worthBinding"/> is a
    /// syntax-only check run before any semantic model is asked for (null accepts every declaration).
    /// </summary>
    public static IOperation? Of(Compilation compilation, SyntaxReference reference, Func<SyntaxNode, bool>? worthBinding, CancellationToken cancellationToken)
    {
        if (!compilation.ContainsSyntaxTree(reference.SyntaxTree))
        {
            return null;
        }

        var syntax = reference.GetSyntax(cancellationToken);
        if (syntax is BaseMethodDeclarationSyntax { Body: null, ExpressionBody: null } || (worthBinding is not null && !worthBinding(syntax)))
        {
            return null;
        }

#pragma warning disable RS1030 // Callers summarise lazily, once per method and compilation; the driver's semantic model provider caches models.
        var model = compilation.GetSemanticModel(reference.SyntaxTree);
#pragma warning restore RS1030
        return model.GetOperation(syntax, cancellationToken);
    }
}
