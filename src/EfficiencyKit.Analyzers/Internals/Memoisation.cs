namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Whether a method memoises: a cache or dictionary lookup, or <c>??=</c>, among its operations. A helper that does answers
/// a repeated input without a request, so the repeated-request rules leave it alone.
/// </summary>
internal static class Memoisation
{
    private static readonly HashSet<string> s_cacheLookups = new(StringComparer.Ordinal)
    {
        "TryGetValue", "ContainsKey", "GetOrAdd", "GetOrCreate", "GetOrCreateAsync", "GetAsync", "GetStringAsync", "Get", "TryGet", "TryGetAsync",
    };

    public static bool Memoises(IEnumerable<IOperation> operations)
        => operations.Any(o => o is ICoalesceAssignmentOperation || (o is IInvocationOperation { TargetMethod.Name: var name } && s_cacheLookups.Contains(name)));
}
