using System.Reflection;

namespace EfficiencyKit.Tests.Shared;

/// <summary>
/// Files of the JSON formats under tests/Shared/Contracts: each v1 file as the writers wrote it before v2 (taken
/// from their output, paths made neutral), beside its v2 twin holding the same data under the v2 names.
/// </summary>
internal static class ContractFixtures
{
    /// <summary>The full path of a fixture ("energy-report.v1.json").</summary>
    public static string Path(string fileName) => System.IO.Path.Combine(
        typeof(ContractFixtures).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!,
        "tests",
        "Shared",
        "Contracts",
        fileName);
}
