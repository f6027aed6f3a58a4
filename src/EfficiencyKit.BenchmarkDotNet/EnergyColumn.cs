using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace EfficiencyKit.BenchmarkDotNet;

/// <summary>
/// The three columns the diagnoser adds: energy per operation, its source, and its uncertainty, read from the
/// <see cref="EnergyMetricDescriptor.MetricId"/> metric of each report.
/// </summary>
public sealed class EnergyColumn : IColumn
{
    private readonly EnergyColumnKind _kind;

    public EnergyColumn(EnergyColumnKind kind)
    {
        _kind = kind;
    }

    public string Id => "EfficiencyKit.Energy." + _kind;

    public string ColumnName => _kind switch
    {
        EnergyColumnKind.EnergyPerOperation => "Energy/op",
        EnergyColumnKind.Source => "Energy source",
        _ => "Energy ±",
    };

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Metric;

    // After the built-in metric columns (Gen0, Allocated, …), in the order of EnergyColumnKind.
    public int PriorityInCategory => 100 + (int)_kind;

    public bool IsNumeric => _kind == EnergyColumnKind.EnergyPerOperation;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => _kind switch
    {
        EnergyColumnKind.EnergyPerOperation => EnergyMetricDescriptor.EnergyLegend,
        EnergyColumnKind.Source => "Where Energy/op came from: RAPL or NVML (measured counters) or the power model (modelled)",
        _ => "Stated uncertainty of the energy source (±50% for the power model; counters: not quantified)",
    };

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (EnergyOf(summary, benchmarkCase) is not { Descriptor: EnergyMetricDescriptor descriptor } metric)
        {
            return "NA";
        }

        switch (_kind)
        {
            case EnergyColumnKind.EnergyPerOperation:
                var largest = summary.BenchmarksCases
                    .Select(c => EnergyOf(summary, c)?.Value ?? 0)
                    .DefaultIfEmpty(0)
                    .Max();
                return EnergyDiagnoser.Format(metric.Value, EnergyDiagnoser.ChooseUnit(largest));
            case EnergyColumnKind.Source:
                return descriptor.Source;
            default:
                return descriptor.Uncertainty;
        }
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;

    private static Metric? EnergyOf(Summary summary, BenchmarkCase benchmarkCase)
        => summary[benchmarkCase] is { } report && report.Metrics.TryGetValue(EnergyMetricDescriptor.MetricId, out var metric) ? metric : null;
}
