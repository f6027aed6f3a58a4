using System.Collections.Concurrent;

namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// What a method of this compilation does with model requests, summarised lazily, once per method and compilation
/// (thread-safe): the shared part of EK1401's <see cref="HelperRequests"/> and EK1402's <see cref="EmbeddedParameters"/>.
/// </summary>
internal abstract class SourceMethodSummaries<TSummary>
{
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<TSummary>> _summaries = new(SymbolEqualityComparer.Default);

    protected SourceMethodSummaries(Compilation compilation, AiRequestKinds requests)
    {
        Compilation = compilation;
        Requests = requests;
    }

    protected Compilation Compilation { get; }

    protected AiRequestKinds Requests { get; }

    /// <summary>The summaries of <paramref name="method"/> (its original definition).</summary>
    public ImmutableArray<TSummary> Find(IMethodSymbol method, CancellationToken cancellationToken)
        => _summaries.GetOrAdd(method.OriginalDefinition, m => Summarise(m, cancellationToken));

    /// <summary>Cheap: an ordinary method with a body, declared in this compilation's source.</summary>
    protected bool IsOwnOrdinaryMethod(IMethodSymbol method)
        => method.MethodKind == MethodKind.Ordinary && !method.IsAbstract && !method.IsExtern
        && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, Compilation.Assembly);

    protected abstract ImmutableArray<TSummary> Summarise(IMethodSymbol method, CancellationToken cancellationToken);
}
