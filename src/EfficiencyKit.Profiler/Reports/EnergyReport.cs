using System;
using System.Collections.Generic;
using EfficiencyKit.Energy;

namespace EfficiencyKit.Profiler.Reports;

/// <summary>
/// The one report model: produced by the profiler, read by the budget check and the analyzers. Its JSON form is
/// documented in docs/profiler.md ("Report (JSON)") and docs/schemas/energy-report.schema.json.
/// </summary>
public sealed record EnergyReport
{
    /// <summary>The report's schema id (<c>efficiencykit.energy-report/v2</c>), written first in the file.</summary>
    public string Schema { get; init; } = ContractSchemas.EnergyReport;

    public required string Tool { get; init; }

    public required ReportTarget Target { get; init; }

    public required DateTime StartUtc { get; init; }

    public required double DurationSeconds { get; init; }

    /// <summary>"measured" or "modelled" (or "mixed"): the origin of the joules billed to call sites, the first thing a reader must know.</summary>
    public required string EnergyOrigin { get; init; }

    public required IReadOnlyList<EnergySourceDescription> Sources { get; init; }

    public required IReadOnlyList<string> Notes { get; init; }

    public required ReportSampling Sampling { get; init; }

    public required EnergyTotals Totals { get; init; }

    public required ConservationCheck Conservation { get; init; }

    public required IReadOnlyList<CallSiteEnergy> CallSites { get; init; }

    public required IReadOnlyList<MethodEnergy> Methods { get; init; }

    public required IReadOnlyList<EnergyBucket> Buckets { get; init; }

    /// <summary>Remote AI calls per call site and model (modelled from tokens; not part of the process's joules).</summary>
    public IReadOnlyList<RemoteCallSiteEnergy> RemoteCalls { get; init; } = [];

    /// <summary>Remote calls together; null when the trace showed none.</summary>
    public RemoteEnergyTotals? Remote { get; init; }

    /// <summary>Local inference scopes per model and call site (part of the process's joules).</summary>
    public IReadOnlyList<LocalInferenceEnergy> LocalInference { get; init; } = [];
}
