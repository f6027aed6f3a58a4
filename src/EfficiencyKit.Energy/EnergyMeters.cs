using System;
using System.Collections.Generic;
using EfficiencyKit.Energy.Sources;

namespace EfficiencyKit.Energy;

/// <summary>
/// Chooses the energy sources for this machine. Automatic choice prefers measured counters (RAPL for CPU
/// and memory, NVML for GPUs) and falls back to the power model, saying why in a note; an explicit choice
/// that cannot be honoured throws <see cref="EnergySourceException"/> instead of silently falling back.
/// </summary>
public static class EnergyMeters
{
    public static EnergyMeterSelection Open(EnergyMeterOptions options) => Open(options, SysfsReader.FileSystem, NvmlMeter.Open);

    internal static EnergyMeterSelection Open(EnergyMeterOptions options, Func<string, string> readAllText, Func<IEnergyMeter> openNvml)
    {
        var notes = new List<string>();
        var meters = new List<IEnergyMeter> { OpenCpu(options, readAllText, notes) };
        switch (options.Gpu)
        {
            case GpuEnergySource.Nvml:
                meters.Add(openNvml());
                break;
            case GpuEnergySource.Auto:
                try
                {
                    meters.Add(openNvml());
                }
                catch (EnergySourceException exception)
                {
                    notes.Add("GPU energy not included: " + exception.Message);
                }

                break;
        }

        return new EnergyMeterSelection(meters.Count == 1 ? meters[0] : new CompositeEnergyMeter(meters), notes);
    }

    private static IEnergyMeter OpenCpu(EnergyMeterOptions options, Func<string, string> readAllText, List<string> notes)
    {
        switch (options.Cpu)
        {
            case CpuEnergySource.Rapl:
                return PowercapRaplMeter.Open(options.PowercapRoot, readAllText);
            case CpuEnergySource.PowerModel:
                notes.Add("CPU and memory energy is modelled because the power model was chosen explicitly.");
                return PowerModelMeter.Open(options.PowerModel, options.ProcRoot, readAllText);
            default:
                try
                {
                    return PowercapRaplMeter.Open(options.PowercapRoot, readAllText);
                }
                catch (EnergySourceException exception)
                {
                    notes.Add("CPU and memory energy is modelled, not measured: " + exception.Message);
                    return PowerModelMeter.Open(options.PowerModel, options.ProcRoot, readAllText);
                }
        }
    }
}
