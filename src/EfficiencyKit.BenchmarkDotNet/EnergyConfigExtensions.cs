using BenchmarkDotNet.Configs;
using EfficiencyKit.Energy;

namespace EfficiencyKit.BenchmarkDotNet;

/// <summary><c>config.AddEnergyDiagnoser()</c> for configs built in code.</summary>
public static class EnergyConfigExtensions
{
    public static ManualConfig AddEnergyDiagnoser(this ManualConfig config, EnergyMeterOptions? options = null)
    {
        var diagnoser = new EnergyDiagnoser(options ?? new EnergyMeterOptions());
        return config
            .AddDiagnoser(diagnoser)
            .AddColumn(
                new EnergyColumn(diagnoser, EnergyColumnKind.EnergyPerOperation),
                new EnergyColumn(diagnoser, EnergyColumnKind.Source),
                new EnergyColumn(diagnoser, EnergyColumnKind.Uncertainty));
    }
}
