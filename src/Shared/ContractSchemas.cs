namespace EfficiencyKit;

/// <summary>
/// The schema ids of the JSON formats that one assembly writes and another reads (docs/schemas), compiled into each
/// from this one file: the MSBuild tasks (netstandard2.0, loaded into MSBuild) cannot reference the profiler. Every
/// file names its format and version in a top-level "schema"; readers take the current version and, with one
/// warning, v1 (snake_case names in the model formats; the v1 energy report said "schemaVersion": 1 instead).
/// </summary>
internal static class ContractSchemas
{
    /// <summary>A profiled run's report.json (dotnet-energy collect/run/report), read by report, compare and the analyzers.</summary>
    public const string EnergyReport = "efficiencykit.energy-report/v2";

    /// <summary>One model's inspection (dotnet-energy inspect --format json; each entry of the models manifest).</summary>
    public const string ModelInspection = "efficiencykit.model-inspection/v2";

    /// <summary>The build's models manifest, read by the model budget check and the analyzers.</summary>
    public const string ModelsManifest = "efficiencykit.models-manifest/v2";

    /// <summary>energy-budget.json, written by dotnet-energy baseline and read by check.</summary>
    public const string EnergyBudget = "efficiencykit.energy-budget/v2";

    /// <summary>The result of <c>dotnet-energy check --result</c>, read by the MSBuild energy gate.</summary>
    public const string EnergyCheck = "efficiencykit.energy-check/v2";

    /// <summary>The id the same format had in v1 ("efficiencykit.energy-budget/v1" for <see cref="EnergyBudget"/>).</summary>
    public static string Previous(string current) => current.Substring(0, current.LastIndexOf('/') + 1) + "v1";

    /// <summary>The one warning a reader gives for a v1 file: it names the file and says how to be rid of it.</summary>
    public static string PreviousWarning(string path, string current)
        => $"{path} is in the older format {Previous(current)}; it was read, but support for it will be removed: regenerate the file to write {current}.";

    /// <summary>Why a file whose "schema" is neither the current version nor v1 cannot be read.</summary>
    public static string Unreadable(string path, string? found, string current)
        => found is null
            ? $"{path} names no schema; a {current} file starts with \"schema\": \"{current}\"."
            : $"{path} is {found}, which this version of EfficiencyKit cannot read (it reads {current} and {Previous(current)}): regenerate the file with this version, or update EfficiencyKit.";
}
