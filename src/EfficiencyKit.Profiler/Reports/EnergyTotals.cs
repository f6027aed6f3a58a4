namespace EfficiencyKit.Profiler.Reports;

/// <summary>
/// Where the joules went. <see cref="MachineJoules"/> is everything the CPU/memory meter saw (all processes);
/// <see cref="ProcessJoules"/> is the target's share (its CPU share of the dynamic energy plus its capacity share of
/// the idle energy); it splits into <see cref="AttributedJoules"/> (call sites), <see cref="UnattributedJoules"/>
/// (buckets other than overhead) and <see cref="OverheadJoules"/> (the profiler's sampling threads in the target).
/// GPU energy (<see cref="GpuJoules"/>) is measured per device, not per process: it is reported beside, never added to
/// the machine's CPU/memory figure (whose origin may differ) nor split across call sites.
/// </summary>
public sealed record EnergyTotals(
    double MachineJoules,
    double GpuJoules,
    double ProcessJoules,
    double AttributedJoules,
    double UnattributedJoules,
    double OverheadJoules,
    double ProcessCpuSeconds,
    double IdlePowerWatts,
    string IdlePowerBasis);
