namespace EfficiencyKit.Analyzers.Internals;

/// <summary>Where a piece of code runs: the kind of site and the name that explains it (loop keyword, method, property).</summary>
internal readonly struct ExecutionSite
{
    public ExecutionSite(ExecutionSiteKind kind, string name)
    {
        Kind = kind;
        Name = name;
    }

    public static ExecutionSite Once { get; } = new(ExecutionSiteKind.Once, string.Empty);

    public ExecutionSiteKind Kind { get; }

    public string Name { get; }

    /// <summary>True where repeating the work is certain (loops, items, requests), not merely possible.</summary>
    public bool IsRepeated => Kind is ExecutionSiteKind.Loop or ExecutionSiteKind.PerItem or ExecutionSiteKind.PerRequest;
}
