namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// What one method's own body does once per call, before following its callees: the single-input AI call it makes
/// itself, the parameters it posts to as a URL, and the calls it makes to methods of the compilation (their
/// arguments are read only when the callee turns out to post to one of its parameters).
/// </summary>
internal sealed class MethodAiFacts
{
    public static MethodAiFacts None { get; } = new(null, ImmutableArray<int>.Empty, ImmutableArray<CalleeCall>.Empty);

    public MethodAiFacts(SingleInputCall? own, ImmutableArray<int> urlParameters, ImmutableArray<CalleeCall> callees)
    {
        Own = own;
        UrlParameters = urlParameters;
        Callees = callees;
    }

    public SingleInputCall? Own { get; }

    public ImmutableArray<int> UrlParameters { get; }

    public ImmutableArray<CalleeCall> Callees { get; }

    /// <summary>A call to a method of the compilation, made by <see cref="Caller"/>; <see cref="Call"/> is null when the call did not bind.</summary>
    internal sealed class CalleeCall
    {
        public CalleeCall(IMethodSymbol caller, IMethodSymbol callee, IInvocationOperation? call)
        {
            Caller = caller;
            Callee = callee;
            Call = call;
        }

        public IMethodSymbol Caller { get; }

        public IMethodSymbol Callee { get; }

        public IInvocationOperation? Call { get; }
    }

    /// <summary>What an argument tells about a URL: an embeddings endpoint, a parameter of the caller (its ordinal), or nothing.</summary>
    internal readonly struct UrlArgument
    {
        public UrlArgument(bool isEmbeddingsEndpoint, int fromParameter)
        {
            IsEmbeddingsEndpoint = isEmbeddingsEndpoint;
            FromParameter = fromParameter;
        }

        public bool IsEmbeddingsEndpoint { get; }

        public int FromParameter { get; }
    }
}
