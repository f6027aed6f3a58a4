using System.Linq;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using EfficiencyKit.Energy;

namespace EfficiencyKit.BenchmarkDotNet;

/// <summary>
/// What the diagnoser measured for one benchmark over its actual workload iterations: dynamic energy (idle power
/// subtracted), the benchmark process's CPU time, and where the joules came from.
/// </summary>
/// <param name="Joules">Energy above idle over the actual workload iterations.</param>
/// <param name="CpuSeconds">The benchmark process's CPU time over the same iterations.</param>
/// <param name="Source">"power model", "RAPL", "RAPL + NVML", …</param>
/// <param name="Origin">Measured or modelled.</param>
/// <param name="Uncertainty">The source's stated uncertainty.</param>
/// <param name="IdleBasis">How idle power was removed.</param>
public sealed record EnergyMeasurement(
    double Joules,
    double CpuSeconds,
    string Source,
    EnergyOrigin Origin,
    EnergyUncertainty Uncertainty,
    string IdleBasis)
{
    /// <summary>
    /// Operations run in the actual workload iterations, the ones the measurement window brackets
    /// (DiagnoserResults.TotalOperations also counts pilot and warm-up iterations).
    /// </summary>
    public static long ActualOperations(BenchmarkReport report)
        => report.AllMeasurements.Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage == IterationStage.Actual).Sum(m => m.Operations);

    /// <summary>Energy per operation; NaN when the report has no actual iterations.</summary>
    public double JoulesPerOperation(BenchmarkReport report) => ActualOperations(report) is > 0 and var ops ? Joules / ops : double.NaN;

    /// <summary>CPU seconds per operation; NaN when the report has no actual iterations.</summary>
    public double CpuSecondsPerOperation(BenchmarkReport report) => ActualOperations(report) is > 0 and var ops ? CpuSeconds / ops : double.NaN;
}
