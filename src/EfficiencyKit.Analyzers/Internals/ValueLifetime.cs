namespace EfficiencyKit.Analyzers.Internals;

/// <summary>What happens to a value after it is created.</summary>
internal enum ValueLifetime
{
    /// <summary>Used where it was made and then dropped: the object lives for one call.</summary>
    Transient,

    /// <summary>Like <see cref="Transient"/>, and a local holding it is disposed explicitly.</summary>
    TransientDisposedExplicitly,

    /// <summary>Assigned to a field or property of the current instance: it lives as long as that object does.</summary>
    StoredInInstance,

    /// <summary>Handed to code the analysis does not follow (an argument, a collection element): it may live on there.</summary>
    Escapes,

    /// <summary>Stored in a static or another object's member, returned, or captured: it lives on, so creating it here is not per-call waste.</summary>
    Kept,
}
