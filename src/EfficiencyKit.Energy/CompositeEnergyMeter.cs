using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace EfficiencyKit.Energy;

/// <summary>Reads several meters (CPU and GPU) as one; their domains are kept apart in each sample.</summary>
public sealed class CompositeEnergyMeter(IReadOnlyList<IEnergyMeter> meters) : IEnergyMeter
{
    /// <inheritdoc/>
    public IReadOnlyList<EnergySourceDescription> Sources { get; } = meters.SelectMany(meter => meter.Sources).ToList();

    /// <inheritdoc/>
    public EnergySample Read()
        => new(Stopwatch.GetTimestamp(), meters.SelectMany(meter => meter.Read().Domains).ToList());

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var meter in meters)
        {
            meter.Dispose();
        }
    }
}
