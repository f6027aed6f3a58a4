namespace EfficiencyKit.Analyzers.Internals;

/// <summary>What a chat call's options say about an output token cap.</summary>
internal enum OutputCapState
{
    /// <summary>Options built elsewhere (a parameter, a field, a factory): we cannot tell, so we do not report.</summary>
    Unknown,

    /// <summary>A cap is set.</summary>
    Capped,

    /// <summary>No options, or options built here without a cap.</summary>
    Uncapped,
}
