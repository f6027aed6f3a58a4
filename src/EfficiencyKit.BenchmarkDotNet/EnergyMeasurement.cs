using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;

namespace EfficiencyKit.BenchmarkDotNet;

/// <summary>
/// What the diagnoser measured for one benchmark over its actual workload iterations: dynamic energy (idle power
/// subtracted), the benchmark process's CPU time, and where the joules came from.
/// </summary>
/// <param name="Joules">Energy above idle over the actual workload iterations of the measured launch.</param>
/// <param name="CpuSeconds">The benchmark process's CPU time over the same iterations.</param>
/// <param name="Source">"power model", "RAPL", "power model + NVML", …</param>
/// <param name="Origin">"measured", "modelled", or "mixed" (e.g. CPU modelled, GPU measured).</param>
/// <param name="Uncertainty">Per source: "±50%" for the power model, "not quantified" for counters.</param>
/// <param name="IdleBasis">How idle power was removed.</param>
public sealed record EnergyMeasurement(
    double Joules,
    double CpuSeconds,
    string Source,
    string Origin,
    string Uncertainty,
    string IdleBasis)
{
    /// <summary>
    /// Operations in the actual workload iterations of the last launch (its ExecuteResult; the measurements' LaunchIndex
    /// does not tell launches apart): BenchmarkDotNet runs diagnosers in the last launch only, and
    /// DiagnoserResults.TotalOperations also counts pilot and warm-up iterations.
    /// </summary>
    public static long ActualOperations(BenchmarkReport report)
        => report.ExecuteResults.Count == 0 ? 0 : ActualOperations(report.ExecuteResults[report.ExecuteResults.Count - 1].Measurements);

    /// <summary>Operations in the actual workload iterations among one launch's measurements.</summary>
    internal static long ActualOperations(IEnumerable<Measurement> launch)
        => launch
            .Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage == IterationStage.Actual)
            .Sum(m => m.Operations);

    /// <summary>Energy per operation; NaN when the report has no actual iterations.</summary>
    public double JoulesPerOperation(BenchmarkReport report) => ActualOperations(report) is > 0 and var ops ? Joules / ops : double.NaN;

    /// <summary>CPU seconds per operation; NaN when the report has no actual iterations.</summary>
    public double CpuSecondsPerOperation(BenchmarkReport report) => ActualOperations(report) is > 0 and var ops ? CpuSeconds / ops : double.NaN;
}
