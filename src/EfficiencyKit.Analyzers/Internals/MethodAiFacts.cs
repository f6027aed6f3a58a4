using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// What one method's own body does once per call, before following its callees: the single-input AI call it makes
/// itself, the parameters it posts to as a URL, and the methods of the compilation it calls (with, per callee
/// parameter, whether the argument is an embeddings URL or one of this method's parameters).
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

    /// <summary>A call to a method of the compilation; <see cref="Arguments"/> is indexed by the callee's parameter ordinal.</summary>
    internal sealed class CalleeCall
    {
        public CalleeCall(IMethodSymbol callee, ImmutableArray<UrlArgument> arguments)
        {
            Callee = callee;
            Arguments = arguments;
        }

        public IMethodSymbol Callee { get; }

        public ImmutableArray<UrlArgument> Arguments { get; }
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
