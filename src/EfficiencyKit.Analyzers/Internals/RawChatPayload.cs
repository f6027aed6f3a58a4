using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// A hand-built JSON body for a chat or response endpoint (<c>/chat/completions</c>, <c>/v1/responses</c>, Ollama's
/// <c>/api/generate</c> and <c>/api/chat</c>): an anonymous object, a string-keyed dictionary or <c>JsonObject</c>, or a
/// project's own request type set in an object initializer, with a <c>model</c> and <c>messages</c>, <c>prompt</c> or a
/// role-bearing <c>input</c>, and no max-tokens field. Quiet when anything in the enclosing body names a cap
/// (<c>body["max_tokens"] = …</c> later, <c>MaxTokens = …</c>), names <c>options</c> (Ollama's cap lives there), or
/// mentions embeddings (Ollama's embedding body also has <c>model</c> and <c>prompt</c>).
/// </summary>
internal static class RawChatPayload
{
    private static readonly string[] s_capNames = ["maxtokens", "maxoutputtokens", "maxcompletiontokens", "numpredict", "maxnewtokens", "options"];

    /// <summary>The cap field the body lacks (<c>max_tokens</c>, …), or null when it is not an uncapped chat body.</summary>
    public static string? MissingCap(IOperation creation, CancellationToken cancellationToken)
    {
        var members = Members(creation);
        if (members.Count == 0 || !members.ContainsKey("model"))
        {
            return null;
        }

        string? cap = members.ContainsKey("messages") ? "max_tokens"
            : members.ContainsKey("prompt") ? "options.num_predict"
            : members.TryGetValue("input", out var input) && input is not null && HasRoleEntries(input) ? "max_output_tokens"
            : null;
        if (cap is null || members.Keys.Any(IsCapName) || (creation.Type is { } type && (type.Name.IndexOf("Embed", StringComparison.OrdinalIgnoreCase) >= 0 || DeclaresCap(type, cancellationToken))))
        {
            return null;
        }

        return MentionsCapOrEmbeddings(OutputCapAnalysis.EnclosingBody(creation)?.Syntax ?? creation.Syntax) ? null : cap;
    }

    // Top-level member names, normalised (lower case, no underscores), with their values where known.
    private static Dictionary<string, IOperation?> Members(IOperation creation)
    {
        var members = new Dictionary<string, IOperation?>(StringComparer.Ordinal);
        IEnumerable<IOperation> initializers = creation switch
        {
            IAnonymousObjectCreationOperation anonymous => anonymous.Initializers,
            IObjectCreationOperation { Initializer: { } initializer } => initializer.Initializers,
            _ => Enumerable.Empty<IOperation>(),
        };
        foreach (var initializer in initializers)
        {
            switch (initializer)
            {
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 1 } indexer } assignment
                    when indexer.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key }:
                    members[Normalise(key)] = assignment.Value;
                    break;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment:
                    members[Normalise(property.Property.Name)] = assignment.Value;
                    break;
                case IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 2 } add when add.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key }:
                    members[Normalise(key)] = add.Arguments[1].Value;
                    break;
            }
        }

        return members;
    }

    // input = new[] { new { role = "user", content = … } }: the Responses API; an embedding input is strings.
    private static bool HasRoleEntries(IOperation input)
        => input.Descendants().OfType<IAnonymousObjectCreationOperation>().Any(entry => entry.Initializers.OfType<ISimpleAssignmentOperation>()
            .Any(a => a.Target is IPropertyReferenceOperation { Property.Name: "role" }));

    // A request type of the project that declares a cap property with a default value caps every body it builds.
    private static bool DeclaresCap(ITypeSymbol type, CancellationToken cancellationToken)
        => type.GetMembers().OfType<IPropertySymbol>().Any(p => IsCapName(Normalise(p.Name))
            && p.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is PropertyDeclarationSyntax { Initializer: not null }));

    private static bool MentionsCapOrEmbeddings(SyntaxNode body)
        => body.DescendantTokens().Any(token => token.Kind() switch
        {
            SyntaxKind.IdentifierToken => IsCapName(Normalise(token.ValueText)),
            SyntaxKind.StringLiteralToken or SyntaxKind.InterpolatedStringTextToken
                => IsCapName(Normalise(token.ValueText)) || token.ValueText.IndexOf("embed", StringComparison.OrdinalIgnoreCase) >= 0,
            _ => false,
        });

    private static bool IsCapName(string name) => Array.IndexOf(s_capNames, name) >= 0;

    private static string Normalise(string name) => name.Replace("_", "").ToLowerInvariant();
}
