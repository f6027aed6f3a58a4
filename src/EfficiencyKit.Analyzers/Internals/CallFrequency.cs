namespace EfficiencyKit.Analyzers.Internals;

/// <summary>How often a method runs, judged from its callers (<see cref="CallGraph"/>), and the words that explain it.</summary>
internal readonly struct CallFrequency
{
    private CallFrequency(ExecutionSiteKind kind, string description)
    {
        Kind = kind;
        Description = description;
    }

    /// <summary>Some caller is unseen (public API, method group, event) or runs an unknown number of times.</summary>
    public static CallFrequency Unknown { get; } = new(ExecutionSiteKind.PerCall, string.Empty);

    /// <summary>Every caller runs once: Main, top-level statements, a static constructor, or a method run once itself.</summary>
    public static CallFrequency Once { get; } = new(ExecutionSiteKind.Once, string.Empty);

    public ExecutionSiteKind Kind { get; }

    /// <summary>How the repetition comes about ("called in a 'foreach' loop", "from 'Ask', called on every request…").</summary>
    public string Description { get; }

    public bool IsOnce => Kind == ExecutionSiteKind.Once;

    public bool IsRepeated => Kind is ExecutionSiteKind.Loop or ExecutionSiteKind.PerItem or ExecutionSiteKind.PerRequest;

    public static CallFrequency Repeated(ExecutionSiteKind kind, string description) => new(kind, description);
}
