using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace EfficiencyKit.BenchmarkDotNet;

/// <summary>The three columns the diagnoser adds: energy per operation, its source, and its uncertainty.</summary>
public sealed class EnergyColumn : IColumn
{
    private readonly EnergyDiagnoser _diagnoser;
    private readonly EnergyColumnKind _kind;

    public EnergyColumn(EnergyDiagnoser diagnoser, EnergyColumnKind kind)
    {
        _diagnoser = diagnoser;
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
        EnergyColumnKind.EnergyPerOperation => "Energy per operation above idle, over the actual workload iterations only (power model: the benchmark process's CPU time; RAPL/NVML: machine-wide, so other load on the machine skews it)",
        EnergyColumnKind.Source => "Where Energy/op came from: RAPL or NVML (measured counters) or the power model (modelled)",
        _ => "Stated uncertainty of the energy source (±50% for the power model; counters: not quantified)",
    };

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (!_diagnoser.Results.TryGetValue(benchmarkCase, out var result) || summary[benchmarkCase] is not { } report)
        {
            return "NA";
        }

        switch (_kind)
        {
            case EnergyColumnKind.EnergyPerOperation:
                var perOperation = result.JoulesPerOperation(report);
                if (double.IsNaN(perOperation))
                {
                    return "NA";
                }

                var largest = summary.BenchmarksCases
                    .Select(c => _diagnoser.Results.TryGetValue(c, out var r) && summary[c] is { } other ? r.JoulesPerOperation(other) : 0)
                    .Where(j => !double.IsNaN(j))
                    .DefaultIfEmpty(0)
                    .Max();
                return EnergyDiagnoser.Format(perOperation, EnergyDiagnoser.ChooseUnit(largest));
            case EnergyColumnKind.Source:
                return result.Source;
            default:
                return result.Uncertainty;
        }
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
