using System;
using BenchmarkDotNet.Configs;
using EfficiencyKit.Energy;

namespace EfficiencyKit.BenchmarkDotNet;

/// <summary>
/// Adds <see cref="EnergyDiagnoser"/> and its columns to a benchmark class:
/// <c>[EnergyDiagnoser] public class MyBenchmarks { … }</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class EnergyDiagnoserAttribute : Attribute, IConfigSource
{
    /// <param name="energySource">CPU energy: auto (RAPL where readable, else the power model), rapl, or model.</param>
    public EnergyDiagnoserAttribute(CpuEnergySource energySource = CpuEnergySource.Auto)
    {
        Config = ManualConfig.CreateEmpty().AddEnergyDiagnoser(new EnergyMeterOptions { Cpu = energySource });
    }

    public IConfig Config { get; }
}
