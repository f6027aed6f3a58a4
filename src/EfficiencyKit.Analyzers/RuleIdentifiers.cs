namespace EfficiencyKit.Analyzers;

/// <summary>
/// The one registry of diagnostic ids. Ranges (see docs/rules/README.md):
/// EK1000-EK1099 lifetime and reuse of AI clients and sessions,
/// EK1100-EK1199 batching, EK1200-EK1299 precision and model size,
/// EK1300-EK1399 output and generation bounds, EK1400-EK1499 caching,
/// EK1500-EK1599 numeric kernels (TensorPrimitives), EK1600-EK1699 energy and size budgets.
/// </summary>
internal static class RuleIdentifiers
{
    public const string AvoidPerCallClientCreation = "EK1001";
    public const string BatchEmbeddingRequests = "EK1101";
    public const string BatchInferenceRuns = "EK1102";
    public const string UseQuantizedModel = "EK1201";
    public const string UseSmallerModel = "EK1202";
    public const string KeepGraphOptimizations = "EK1203";
    public const string SetEmbeddingDimensions = "EK1204";
    public const string UseFloatEmbeddings = "EK1205";
    public const string DisableIdleSpinning = "EK1206";
    public const string AvoidThreadOversubscription = "EK1207";
    public const string ReuseOutputBuffers = "EK1208";
    public const string BoundGenerationOutput = "EK1301";
    public const string AvoidHighReasoningEffort = "EK1302";
    public const string HoistLoopInvariantRequest = "EK1401";
    public const string ReuseEmbedding = "EK1402";
    public const string ApplyResponseCache = "EK1403";
    public const string UseTensorPrimitives = "EK1501";
    public const string ModelOverBudget = "EK1601";

    private const string HelpUriBase = "https://github.com/EfficiencyKit/EfficiencyKit/blob/main/docs/rules/";

    public static string GetHelpUri(string id) => HelpUriBase + id + ".md";
}
