using System.Collections.Generic;
using System.Linq;

namespace EfficiencyKit.Energy;

/// <summary>
/// One reading of a meter: cumulative joules per domain since the meter opened, taken at
/// <see cref="Timestamp"/> (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> ticks). Energy over a window is the
/// difference of two samples.
/// </summary>
public sealed record EnergySample(long Timestamp, IReadOnlyList<EnergyDomainReading> Domains)
{
    /// <summary>Sum over all domains.</summary>
    public double TotalJoules => Domains.Sum(domain => domain.Joules);

    /// <summary>Sum over the domains of one source.</summary>
    public double JoulesFrom(EnergySourceKind source) => Domains.Where(domain => domain.Source == source).Sum(domain => domain.Joules);
}
