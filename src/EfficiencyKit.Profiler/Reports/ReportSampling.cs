namespace EfficiencyKit.Profiler.Reports;

/// <summary>How finely the run was observed: CPU/energy poll interval, stack samples taken and lost.</summary>
public sealed record ReportSampling(double PollIntervalMilliseconds, int StackSamples, long EventsLost, int SamplesOutsideWindow)
{
    /// <summary>Stack samples whose frames name no method at all (no rundown and no method-load trace covered them): their energy reaches no call site.</summary>
    public int UnnamedSamples { get; init; }

    /// <summary>The stack sampling interval in milliseconds (0 when the collection did not record it).</summary>
    public double SamplingIntervalMilliseconds { get; init; }

    /// <summary>Managed threads that appear in the samples: EventPipe suspends the runtime and walks every one of them at each sample, busy or not, so the profiler's cost grows with them.</summary>
    public int ThreadsSampled { get; init; }

    /// <summary>
    /// The share of the run that sampling windows covered (1 when stacks were sampled all the time). Below 1, the
    /// schedule sampled part of the time to keep its cost within budget, and the moments between windows were billed
    /// from the nearest window.
    /// </summary>
    public double SampledTimeShare { get; init; } = 1;

    /// <summary>The sampling windows (EventPipe sessions of the sample profiler); 0 in collections written before windows.</summary>
    public int SamplingWindows { get; init; }

    /// <summary>More than a tenth of the samples unnamed: the call sites miss too much of the energy to be trusted.</summary>
    public bool NamesMissing => StackSamples > 0 && UnnamedSamples > 0.1 * StackSamples;
}
