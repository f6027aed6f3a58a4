using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Which methods of a compilation can possibly make a single-input AI call, read from tokens alone (no semantic model):
/// a method whose text names an AI or HTTP request API (an identifier containing "Embed", <c>GenerateAsync</c>,
/// <c>Run</c>, <c>Upsert…</c>, <c>Post…</c>, <c>SendAsync</c>, …), or whose text names a method that can (by name
/// only, to any depth, so deeper than any summary follows). The interprocedural summaries ask a semantic model for
/// a callee's body only when it is in this set: binding a body the driver has not reached yet is charged to our
/// analyzers. Names over-approximate (every method of a name counts, every identifier in a body counts as a possible
/// call), so a body left out cannot hold what the summaries look for. Thread-safe.
/// <para>
/// Answered on demand: a question about a name reads the bodies of the methods of that name, then of the names they
/// mention, depth first, until a root is found or nothing is left. Reading every body of the compilation up front cost
/// 53-313 ms per compilation of LagoVista/ai, while the questions come only from calls made per item, and reach a small
/// part of it. Only the declarations (not the bodies) are listed for the whole compilation.
/// </para>
/// </summary>
internal sealed class AiReachIndex
{
    private static readonly ConditionalWeakTable<Compilation, AiReachIndex> Instances = new();

    // Names a query expression or collection initializer calls without writing them.
    private static readonly string[] s_queryMethods =
    [
        "Select", "SelectMany", "Where", "Join", "GroupJoin", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "GroupBy", "Cast",
    ];

    private static readonly Body s_root = new(isRoot: true, new HashSet<string>(StringComparer.Ordinal));

    private readonly Compilation _compilation;
    private readonly Lazy<Dictionary<string, List<MethodDeclarationSyntax>>> _declarations;
    private readonly ConcurrentDictionary<string, bool> _names = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<MethodDeclarationSyntax, Body> _bodies = new();

    private AiReachIndex(Compilation compilation)
    {
        _compilation = compilation;
        _declarations = new Lazy<Dictionary<string, List<MethodDeclarationSyntax>>>(ListDeclarations, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public static AiReachIndex For(Compilation compilation) => Instances.GetValue(compilation, c => new AiReachIndex(c));

    /// <summary>Whether some method of this name can reach an AI call (interface and base calls: their bodies share the name).</summary>
    public bool MayReach(string methodName)
        => methodName.IndexOf('.') >= 0 || NameReaches(methodName);

    /// <summary>Whether a declaration of <paramref name="method"/> in this compilation can reach an AI call.</summary>
    public bool MayReach(IMethodSymbol method)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (!_compilation.ContainsSyntaxTree(reference.SyntaxTree))
            {
                return true;
            }

            if (reference.GetSyntax() is MethodDeclarationSyntax declaration && HasBody(declaration) && DeclarationReaches(declaration))
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

    /// <summary>"embed" in any ASCII case: asked of every identifier of every body read, where a case-folding search cost more than the rest.</summary>
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

    private static bool HasBody(MethodDeclarationSyntax method) => method.Body is not null || method.ExpressionBody is not null;

    private bool DeclarationReaches(MethodDeclarationSyntax declaration)
    {
        var body = Read(declaration);
        if (body.IsRoot)
        {
            return true;
        }

        foreach (var mention in body.Mentions)
        {
            if (NameReaches(mention))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a path of mentions leads from a method of this name to a root: a depth-first search. When it finds none,
    /// every name it visited has none either (all it could reach was visited), and all are kept as false; when it finds
    /// one, the names on the path to it are kept as true.
    /// </summary>
    private bool NameReaches(string name)
    {
        if (_names.TryGetValue(name, out var known))
        {
            return known;
        }

        var visited = new HashSet<string>(StringComparer.Ordinal);
        if (Search(name, visited))
        {
            return true;
        }

        foreach (var unreached in visited)
        {
            _names.TryAdd(unreached, false);
        }

        return false;
    }

    private bool Search(string name, HashSet<string> visited)
    {
        if (_names.TryGetValue(name, out var known))
        {
            return known;
        }

        if (!visited.Add(name) || !_declarations.Value.TryGetValue(name, out var declarations))
        {
            return false;
        }

        foreach (var declaration in declarations)
        {
            var body = Read(declaration);
            var reaches = body.IsRoot;
            foreach (var mention in body.Mentions)
            {
                if (reaches)
                {
                    break;
                }

                reaches = Search(mention, visited);
            }

            if (reaches)
            {
                _names.TryAdd(name, true);
                return true;
            }
        }

        return false;
    }

    /// <summary>Every method declaration with a body, by name: the declarations only, no body is read.</summary>
    private Dictionary<string, List<MethodDeclarationSyntax>> ListDeclarations()
    {
        var byName = new Dictionary<string, List<MethodDeclarationSyntax>>(StringComparer.Ordinal);
        foreach (var tree in _compilation.SyntaxTrees)
        {
            foreach (var node in tree.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                if (node is not MethodDeclarationSyntax method || !HasBody(method))
                {
                    continue;
                }

                byName.AddToList(method.Identifier.ValueText, method);
            }
        }

        return byName;
    }

    private Body Read(MethodDeclarationSyntax method)
    {
        if (_bodies.TryGetValue(method, out var known))
        {
            return known;
        }

        // A root's mentions are never asked (it reaches), so reading stops at its first root name.
        var mentions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in method.DescendantTokens())
        {
            switch (token.Kind())
            {
                case SyntaxKind.IdentifierToken:
                    var text = token.ValueText;
                    if (IsRootName(text))
                    {
                        return _bodies.GetOrAdd(method, s_root);
                    }

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

        return _bodies.GetOrAdd(method, new Body(isRoot: false, mentions));
    }

    private sealed class Body(bool isRoot, HashSet<string> mentions)
    {
        public bool IsRoot { get; } = isRoot;

        public HashSet<string> Mentions { get; } = mentions;
    }
}
