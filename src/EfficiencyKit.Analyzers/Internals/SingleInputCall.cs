namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// A method of the compilation that makes one single-input AI call each time it runs, and the call it makes
/// ("'GenerateEmbeddingAsync'", "'Run' on [1, n]", "a POST to an embeddings endpoint"), for the message at the loop
/// that calls the method once per item.
/// </summary>
internal sealed class SingleInputCall
{
    public SingleInputCall(SingleInputCallKind kind, string description)
    {
        Kind = kind;
        Description = description;
    }

    public SingleInputCallKind Kind { get; }

    public string Description { get; }
}
