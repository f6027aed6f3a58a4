using BenchmarkDotNet.Configs;
using EfficiencyKit.Energy;

namespace EfficiencyKit.BenchmarkDotNet;

/// <summary><c>config.AddEnergyDiagnoser()</c> for configs built in code.</summary>
public static class EnergyConfigExtensions
{
    public static ManualConfig AddEnergyDiagnoser(this ManualConfig config, EnergyMeterOptions? options = null)
    {
        return config
            .AddDiagnoser(new EnergyDiagnoser(options ?? new EnergyMeterOptions()))
            .AddColumn(
                new EnergyColumn(EnergyColumnKind.EnergyPerOperation),
                new EnergyColumn(EnergyColumnKind.Source),
                new EnergyColumn(EnergyColumnKind.Uncertainty));
    }
}
