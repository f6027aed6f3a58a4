namespace EfficiencyKit.Analyzers.Internals;

/// <summary>What happens to a value after it is created.</summary>
internal enum ValueLifetime
{
    /// <summary>Used where it was made and then dropped: the object lives for one call.</summary>
    Transient,

    /// <summary>Like <see cref="Transient"/>, and a local holding it is disposed explicitly.</summary>
    TransientDisposedExplicitly,

    /// <summary>Stored, returned or handed to other code: it may live on, so creating it here is not per-call waste.</summary>
    Kept,
}
