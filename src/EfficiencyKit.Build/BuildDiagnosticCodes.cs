namespace EfficiencyKit.Build;

/// <summary>The EKB codes the model tasks log; docs/msbuild.md lists them with examples.</summary>
internal static class BuildDiagnosticCodes
{
    /// <summary>A model file cannot be read or is not a well-formed ONNX model.</summary>
    public const string UnreadableModel = "EKB001";

    /// <summary>An AiModel item names a file that does not exist.</summary>
    public const string MissingModel = "EKB002";

    /// <summary>The models manifest in obj/ cannot be read, so the analyzers do not see it.</summary>
    public const string UnreadableManifest = "EKB003";

    /// <summary>Modelled joules per inference exceed EfficiencyKitMaxMillijoulesPerInference.</summary>
    public const string EnergyOverBudget = "EKB010";

    /// <summary>The model file exceeds EfficiencyKitMaxModelSizeMB.</summary>
    public const string SizeOverBudget = "EKB011";

    /// <summary>EfficiencyKitRequireQuantized is set and an fp32 model has no quantized copy configured.</summary>
    public const string NotQuantized = "EKB012";

    /// <summary>Something the user should know about a quantized copy (e.g. int8 saturation on CPUs without VNNI).</summary>
    public const string QuantizationNote = "EKB020";

    /// <summary>A call site regressed against its energy budget (dotnet-energy check).</summary>
    public const string CallSiteOverBudget = "EKB200";

    /// <summary>A scenario's total regressed against its energy budget.</summary>
    public const string ScenarioOverBudget = "EKB201";

    /// <summary>A check's runs used another energy source than the budget, so nothing was compared.</summary>
    public const string EnergySourceMismatch = "EKB202";

    /// <summary>A property has a value the tasks cannot use.</summary>
    public const string InvalidProperty = "EKB100";

    /// <summary>An AiModel item has metadata the tasks cannot use.</summary>
    public const string InvalidMetadata = "EKB101";

    /// <summary>A file the tasks read (models manifest, check result) is in its v1 format: read, but to be regenerated.</summary>
    public const string PreviousFormat = "EKB103";

    /// <summary>EfficiencyKitProfileReport names a file that is not a readable dotnet-energy report (EKB102, in the targets: it does not exist).</summary>
    public const string UnreadableProfileReport = "EKB104";
}
