using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;

namespace EfficiencyKit.BenchmarkDotNet;

/// <summary>
/// Describes the diagnoser's metric: joules per operation, labelled with where they came from and how uncertain they
/// are. BenchmarkDotNet's exporters that read a report's metrics (JSON full, XML, OpenMetrics) write these
/// public properties beside the value; the table-based ones (Markdown, CSV, HTML) show the energy columns.
/// </summary>
public sealed class EnergyMetricDescriptor : IMetricDescriptor
{
    /// <summary>The metric's key in <see cref="BenchmarkReport.Metrics"/>.</summary>
    public const string MetricId = "EnergyPerOperation";

    /// <summary>What the value is, for the Energy/op column and this descriptor's legend.</summary>
    internal const string EnergyLegend = "Energy per operation above idle, over the actual workload iterations only (power model: the benchmark process's CPU time; RAPL/NVML: machine-wide, so other load on the machine skews it)";

    public EnergyMetricDescriptor(string source, string origin, string uncertainty, string idleBasis)
    {
        Source = source;
        Origin = origin;
        Uncertainty = uncertainty;
        IdleBasis = idleBasis;
    }

    /// <summary>"power model", "RAPL", "power model + NVML", …</summary>
    public string Source { get; }

    /// <summary>"measured", "modelled", or "mixed".</summary>
    public string Origin { get; }

    /// <summary>Per source: "±50%" for the power model, "not quantified" for counters.</summary>
    public string Uncertainty { get; }

    /// <summary>How idle power was removed.</summary>
    public string IdleBasis { get; }

    public string Id => MetricId;

    public string DisplayName => "Energy/op";

    public string Legend => $"{EnergyLegend}; source: {Source} ({Origin}), uncertainty: {Uncertainty}";

    public string NumberFormat => "G6";

    public UnitType UnitType => UnitType.Dimensionless;

    public string Unit => "J";

    public bool TheGreaterTheBetter => false;

    public int PriorityInCategory => 100;

    /// <summary>
    /// Never shown by BenchmarkDotNet's generic metric column: <see cref="EnergyColumn"/> shows this metric with one
    /// unit (J, mJ, µJ, nJ) chosen for the whole table, beside its source and uncertainty, and a second, raw-joule
    /// column would repeat it. Exporters that write the metrics themselves do not consult this.
    /// </summary>
    public bool GetIsAvailable(Metric metric) => false;
}
