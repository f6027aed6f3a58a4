using System.Collections.Concurrent;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// What one body does to its locals after their declaration, from a single walk per body: which locals are reassigned,
/// which get an output cap (<c>o.MaxOutputTokens = n</c>, <c>o.AdditionalProperties["max_tokens"] = n</c>), and which
/// get their <c>ExecutionSettings</c> replaced. Walking the body once per chat call instead made EK1301 quadratic in
/// the number of calls of a method (a top-level program is one body).
/// </summary>
internal sealed class LocalAssignmentSummary
{
    private readonly HashSet<ILocalSymbol> _reassigned = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILocalSymbol> _capped = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILocalSymbol> _settingsReplaced = new(SymbolEqualityComparer.Default);

    private LocalAssignmentSummary(IOperation body)
    {
        foreach (var operation in body.Descendants())
        {
            if (operation is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target })
            {
                _reassigned.Add(target.Local);
            }
            else if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "ExecutionSettings", Instance: ILocalReferenceOperation owner } })
            {
                _settingsReplaced.Add(owner.Local);
            }

            if (OutputCapAnalysis.CappedLocal(operation) is { } capped)
            {
                _capped.Add(capped);
            }
        }
    }

    public bool IsReassigned(ILocalSymbol local) => _reassigned.Contains(local);

    public bool IsCappedLater(ILocalSymbol local) => _capped.Contains(local);

    public bool HasSettingsReplaced(ILocalSymbol local) => _settingsReplaced.Contains(local);

    /// <summary>One summary per body and compilation, shared by every call in it.</summary>
    internal sealed class Cache
    {
        private readonly ConcurrentDictionary<SyntaxNode, LocalAssignmentSummary> _summaries = new();

        public LocalAssignmentSummary For(IOperation body) => _summaries.GetOrAdd(body.Syntax, _ => new LocalAssignmentSummary(body));
    }
}
