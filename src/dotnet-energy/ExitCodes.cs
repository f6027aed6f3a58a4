namespace EfficiencyKit.Cli;

/// <summary>
/// dotnet-energy's exit codes, one per kind of outcome (as dotnet-trace has them), so CI can tell a regression from
/// a broken run. Documented in docs/profiler.md; never renumbered.
/// </summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked (for <c>check</c>: no budget regressed).</summary>
    public const int Success = 0;

    /// <summary><c>check</c> measured a regression beyond the budget's tolerance (the only meaning of 1).</summary>
    public const int BudgetRegression = 1;

    /// <summary>The command line is wrong: an unknown option, a value that does not parse or is out of range, a bad combination.</summary>
    public const int UsageError = 2;

    /// <summary>An input or output file is missing, unreadable, unwritable or malformed (a model, a budget, a report, a collection).</summary>
    public const int InputError = 3;

    /// <summary>The program to profile could not start, was not .NET, or exited with a failure.</summary>
    public const int TargetFailure = 4;

    /// <summary>Profiling failed: the diagnostics session, the energy counters or the analysis.</summary>
    public const int ProfilingError = 5;
}
