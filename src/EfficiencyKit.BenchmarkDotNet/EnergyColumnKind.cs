namespace EfficiencyKit.BenchmarkDotNet;

/// <summary>Which of the diagnoser's columns.</summary>
public enum EnergyColumnKind
{
    EnergyPerOperation,
    Source,
    Uncertainty,
}
