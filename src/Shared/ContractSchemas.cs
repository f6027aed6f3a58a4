namespace EfficiencyKit;

/// <summary>
/// The schema ids of the JSON formats that one assembly writes and another reads (docs/schemas), compiled into both
/// from this one file: the MSBuild tasks (netstandard2.0, loaded into MSBuild) cannot reference the profiler.
/// </summary>
internal static class ContractSchemas
{
    /// <summary>The result of <c>dotnet-energy check --result</c>, read by the MSBuild energy gate.</summary>
    public const string EnergyCheck = "efficiencykit.energy-check/v1";
}
