namespace EfficiencyKit.Profiler;

/// <summary>Whose problem a <see cref="ProfilerException"/> is, so a command-line tool can exit with a code that says so.</summary>
public enum ProfilerErrorKind
{
    /// <summary>Profiling itself failed (the diagnostics session, the energy counters, the analysis).</summary>
    Profiling,

    /// <summary>The command line asks for something that cannot be done (a bad option value or combination).</summary>
    Usage,

    /// <summary>A file given to the tool is missing, unreadable or malformed (a report, a budget, a collection).</summary>
    Input,

    /// <summary>The program to profile could not start, did not connect, or failed.</summary>
    Target,
}
