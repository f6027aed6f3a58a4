using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;

namespace EfficiencyKit.BenchmarkDotNet;

/// <summary>
/// Describes the diagnoser's metric: joules per operation, labelled with where they came from and how uncertain they
/// are. BenchmarkDotNet's full JSON exporters write all these public properties beside the value, its XML exporter the
/// <see cref="IMetricDescriptor"/> ones (the legend names source and uncertainty); the table exporters (Markdown, CSV,
/// HTML) show the three <see cref="EnergyColumn"/>s.
/// </summary>
public sealed class EnergyMetricDescriptor(string source, string origin, string uncertainty, string idleBasis) : IMetricDescriptor
{
    /// <summary>The metric's key in <see cref="BenchmarkReport.Metrics"/>.</summary>
    public const string MetricId = "EnergyPerOperation";

    /// <summary>What the value is, for the Energy/op column and this descriptor's legend.</summary>
    internal const string EnergyLegend = "Energy per operation above idle, over the actual workload iterations only (power model: the benchmark process's CPU time; RAPL/NVML: machine-wide, so other load on the machine skews it)";

    /// <summary>"power model", "RAPL", "power model + NVML", …</summary>
    public string Source => source;

    /// <summary>"measured", "modelled", or "mixed".</summary>
    public string Origin => origin;

    /// <summary>Per source: "±50%" for the power model, "not quantified" for counters.</summary>
    public string Uncertainty => uncertainty;

    /// <summary>How idle power was removed.</summary>
    public string IdleBasis => idleBasis;

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
