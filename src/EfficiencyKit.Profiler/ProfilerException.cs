using System;

namespace EfficiencyKit.Profiler;

/// <summary>A profiling request that cannot be carried out, with a message a user can act on (no PID, no permission, not .NET…).</summary>
public sealed class ProfilerException : Exception
{
    public ProfilerException(ProfilerErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    public ProfilerException(ProfilerErrorKind kind, string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public ProfilerException(string message)
        : this(ProfilerErrorKind.Profiling, message)
    {
    }

    public ProfilerException(string message, Exception innerException)
        : this(ProfilerErrorKind.Profiling, message, innerException)
    {
    }

    public ProfilerException()
    {
    }

    /// <summary>Whose problem it is: the tool's, the command line's, an input file's or the target program's.</summary>
    public ProfilerErrorKind Kind { get; }
}
