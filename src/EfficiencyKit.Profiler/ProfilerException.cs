using System;

namespace EfficiencyKit.Profiler;

/// <summary>A profiling request that cannot be carried out, with a message a user can act on (no PID, no permission, not .NET…).</summary>
public sealed class ProfilerException : Exception
{
    public ProfilerException(string message)
        : base(message)
    {
    }

    public ProfilerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ProfilerException()
    {
    }
}
