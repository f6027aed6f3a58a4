using System;

namespace EfficiencyKit.Analyzers.Tests.Verification;

/// <summary>A verifier expectation that did not hold; the message shows the annotated source.</summary>
public sealed class VerificationException : Exception
{
    public VerificationException(string message)
        : base(message)
    {
    }

    public VerificationException()
    {
    }

    public VerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
