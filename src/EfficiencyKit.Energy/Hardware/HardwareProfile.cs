using System;
using System.Collections.Generic;

namespace EfficiencyKit.Energy.Hardware;

/// <summary>
/// A named machine for build-time estimates of inference cost: sustained throughput per precision, memory
/// bandwidth, and the power drawn while busy. Every figure's origin is in <see cref="Sources"/>.
/// </summary>
/// <param name="Name">Short name used on the command line and in MSBuild properties, e.g. <c>cloud-vm-2vcpu</c>.</param>
/// <param name="Description">What machine this is.</param>
/// <param name="Fp32OperationsPerSecond">Sustained fp32 operations per second in inference kernels.</param>
/// <param name="Fp16OperationsPerSecond">Sustained fp16 operations per second (equal to fp32 where the runtime upcasts).</param>
/// <param name="Int8OperationsPerSecond">Sustained int8 operations per second.</param>
/// <param name="MemoryBytesPerSecond">Sustained memory bandwidth.</param>
/// <param name="BusyWatts">Power drawn while the work runs (the share attributed to it).</param>
/// <param name="RangeFactor">The estimate may be this many times lower or higher (2 = from half to double).</param>
/// <param name="Sources">Where each figure comes from, and what is assumed.</param>
public sealed record HardwareProfile(
    string Name,
    string Description,
    double Fp32OperationsPerSecond,
    double Fp16OperationsPerSecond,
    double Int8OperationsPerSecond,
    double MemoryBytesPerSecond,
    double BusyWatts,
    double RangeFactor,
    IReadOnlyList<string> Sources)
{
    /// <summary>
    /// Roofline estimate: each item takes max(operations / throughput, bytes / bandwidth); the sum runs at
    /// <see cref="BusyWatts"/>. Dispatch overhead and cache effects are not modelled, which is why the range is wide.
    /// </summary>
    public ComputeEnergyEstimate Estimate(IEnumerable<ComputeWork> work)
    {
        if (work is null)
        {
            throw new ArgumentNullException(nameof(work));
        }

        var seconds = 0.0;
        foreach (var item in work)
        {
            var compute = item.Operations / Throughput(item.Precision);
            var memory = item.Bytes / MemoryBytesPerSecond;
            seconds += Math.Max(compute, memory);
        }

        var joules = seconds * BusyWatts;
        return new ComputeEnergyEstimate(
            Name,
            seconds,
            joules,
            joules / RangeFactor,
            joules * RangeFactor,
            $"roofline model on hardware profile '{Name}' ({Description}); dispatch overhead, caches and fusion not modelled; range ×1/{RangeFactor:0.#}..×{RangeFactor:0.#}");
    }

    /// <summary>Operations per second at <paramref name="precision"/>.</summary>
    public double Throughput(ComputePrecision precision) => precision switch
    {
        ComputePrecision.Fp16 => Fp16OperationsPerSecond,
        ComputePrecision.Int8 => Int8OperationsPerSecond,
        _ => Fp32OperationsPerSecond,
    };
}
