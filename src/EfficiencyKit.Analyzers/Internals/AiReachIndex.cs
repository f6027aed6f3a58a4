using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Which methods of a compilation can possibly make a single-input AI call, read from tokens alone (no semantic model):
/// a method whose text names an AI or HTTP request API (an identifier containing "Embed", <c>GenerateAsync</c>,
/// <c>Run</c>, <c>Upsert…</c>, <c>Post…</c>, <c>SendAsync</c>, …), or whose text names a method that can (by name
/// only, to a fixed point, so deeper than any summary follows). The interprocedural summaries ask a semantic model for
/// a callee's body only when it is in this set: binding a body the driver has not reached yet is charged to our
/// analyzers. Names over-approximate (every method of a name counts, every identifier in a body counts as a possible
/// call), so a body left out cannot hold what the summaries look for. Built lazily, once per compilation; thread-safe.
/// </summary>
internal sealed class AiReachIndex
{
    private static readonly ConditionalWeakTable<Compilation, AiReachIndex> Instances = new();

    // Names a query expression or collection initializer calls without writing them.
    private static readonly string[] s_queryMethods =
    [
        "Select", "SelectMany", "Where", "Join", "GroupJoin", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "GroupBy", "Cast",
    ];

    private readonly Compilation _compilation;
    private readonly Lazy<Reach> _reach;

    private AiReachIndex(Compilation compilation)
    {
        _compilation = compilation;
        _reach = new Lazy<Reach>(Build, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public static AiReachIndex For(Compilation compilation) => Instances.GetValue(compilation, c => new AiReachIndex(c));

    /// <summary>Whether some method of this name can reach an AI call (interface and base calls: their bodies share the name).</summary>
    public bool MayReach(string methodName)
        => methodName.IndexOf('.') >= 0 || _reach.Value.Names.Contains(methodName);

    /// <summary>Whether a declaration of <paramref name="method"/> in this compilation can reach an AI call.</summary>
    public bool MayReach(IMethodSymbol method)
    {
        var reach = _reach.Value;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (!_compilation.ContainsSyntaxTree(reference.SyntaxTree) || reach.Declarations.Contains((reference.SyntaxTree, reference.Span.Start)))
            {
                return true;
            }
        }

        return false;
    }

    // The names the summaries' own-call checks look at (SingleInputCallSummaries.OwnCall, Opaque, PostedRequest,
    // BatchInput, AiRequestKinds.IsEmbedding): anything containing "embed", the Microsoft.Extensions.AI generator
    // methods, ONNX Runtime's Run, vector store upserts, Semantic Kernel memory saves, HttpClient posts and sends.
    private static bool IsRootName(string name)
        => ContainsEmbed(name)
        || name is "GenerateAsync" or "GenerateVectorAsync" or "GenerateAndZipAsync" or "Run" or "RunAsync" or "SendAsync"
            or "SaveInformationAsync" or "SaveReferenceAsync"
        || name.StartsWith("Upsert", StringComparison.Ordinal)
        || name.StartsWith("Post", StringComparison.Ordinal);

    /// <summary>"embed" in any ASCII case: asked of every identifier of every method body, where a culture-aware or case-folding search cost more than the rest of the pass.</summary>
    private static bool ContainsEmbed(string name)
    {
        for (var i = 0; i + 5 <= name.Length; i++)
        {
            if ((name[i] | 0x20) == 'e' && (name[i + 1] | 0x20) == 'm' && (name[i + 2] | 0x20) == 'b' && (name[i + 3] | 0x20) == 'e' && (name[i + 4] | 0x20) == 'd')
            {
                return true;
            }
        }

        return false;
    }

    private Reach Build()
    {
        var declarations = new List<(SyntaxTree Tree, int Start, string Name, bool Root, HashSet<string> Mentions)>();
        foreach (var tree in _compilation.SyntaxTrees)
        {
            var root = tree.GetRoot();
            foreach (var node in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                if (node is not MethodDeclarationSyntax method || (method.Body is null && method.ExpressionBody is null))
                {
                    continue;
                }

                var isRoot = false;
                var mentions = new HashSet<string>(StringComparer.Ordinal);
                foreach (var token in method.DescendantTokens())
                {
                    switch (token.Kind())
                    {
                        case SyntaxKind.IdentifierToken:
                            var text = token.ValueText;
                            isRoot |= IsRootName(text);
                            mentions.Add(text);
                            break;
                        case SyntaxKind.OpenBraceToken when token.Parent is InitializerExpressionSyntax initializer
                            && initializer.IsKind(SyntaxKind.CollectionInitializerExpression):
                            mentions.Add("Add");
                            break;
                        case SyntaxKind.FromKeyword when token.Parent is FromClauseSyntax:
                            mentions.UnionWith(s_queryMethods);
                            break;
                    }
                }

                declarations.Add((tree, method.Span.Start, method.Identifier.ValueText, isRoot, mentions));
            }
        }

        // Fixed point over names: a declaration reaches when it is a root or mentions a name some reaching declaration has.
        var names = new HashSet<string>(StringComparer.Ordinal);
        var reached = new bool[declarations.Count];
        var byMention = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var pending = new Queue<int>();
        for (var i = 0; i < declarations.Count; i++)
        {
            if (declarations[i].Root)
            {
                reached[i] = true;
                pending.Enqueue(i);
                continue;
            }

            foreach (var mention in declarations[i].Mentions)
            {
                if (!byMention.TryGetValue(mention, out var list))
                {
                    list = new List<int>();
                    byMention.Add(mention, list);
                }

                list.Add(i);
            }
        }

        while (pending.Count > 0)
        {
            var name = declarations[pending.Dequeue()].Name;
            if (!names.Add(name) || !byMention.TryGetValue(name, out var callers))
            {
                continue;
            }

            foreach (var caller in callers)
            {
                if (!reached[caller])
                {
                    reached[caller] = true;
                    pending.Enqueue(caller);
                }
            }
        }

        var reachedDeclarations = new HashSet<(SyntaxTree, int)>();
        for (var i = 0; i < declarations.Count; i++)
        {
            if (reached[i])
            {
                reachedDeclarations.Add((declarations[i].Tree, declarations[i].Start));
            }
        }

        return new Reach(names, reachedDeclarations);
    }

    private sealed class Reach(HashSet<string> names, HashSet<(SyntaxTree, int)> declarations)
    {
        public HashSet<string> Names { get; } = names;

        public HashSet<(SyntaxTree, int)> Declarations { get; } = declarations;
    }
}
