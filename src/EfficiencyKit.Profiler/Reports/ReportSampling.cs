namespace EfficiencyKit.Profiler.Reports;

/// <summary>How finely the run was observed: CPU/energy poll interval, stack samples taken and lost.</summary>
public sealed record ReportSampling(double PollIntervalMilliseconds, int StackSamples, long EventsLost, int SamplesOutsideWindow);
