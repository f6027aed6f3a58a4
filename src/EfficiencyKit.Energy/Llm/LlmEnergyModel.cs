using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EfficiencyKit.Energy.Llm;

/// <summary>
/// Energy of a remote LLM request from its output tokens, following EcoLogits' published methodology
/// (genai-impact/ecologits, docs/methodology/llm_inference.md), fitted to ML.ENERGY's H100/vLLM measurements:
/// <list type="bullet">
/// <item>GPU energy per output token per GPU: f_E = α·e^(β·B)·P_active + γ Wh, α = 1.1665e-6, β = −0.011206, γ = 4.0529e-5, batch B = 64;</item>
/// <item>latency per output token: f_L = 6.785e-4·P_active + 3.119e-4·B + 0.01947 s;</item>
/// <item>GPUs: memory = 1.2 × P_total × 2 GB, GPUs = 2^⌈log2⌈memory / 80 GB⌉⌉;</item>
/// <item>server energy besides the GPUs: ΔT × 1.2 kW × GPUs / 8 / B, with ΔT = output tokens × f_L;</item>
/// <item>request energy: PUE × (server energy + GPUs × output tokens × f_E), PUE 1.2 (OpenAI/Azure).</item>
/// </list>
/// Input tokens are not counted (EcoLogits ignores them too; prefill is much cheaper per token than decoding,
/// but no published fit exists yet), so the estimate is a lower bound for long prompts. Ranges come from the
/// parameter ranges of closed models.
/// </summary>
public sealed class LlmEnergyModel
{
    private const double Alpha = 1.1665e-6;
    private const double Beta = -0.011206;
    private const double Gamma = 4.0529e-5;
    private const int Batch = 64;
    private const double JoulesPerWattHour = 3600;

    private readonly IReadOnlyList<LlmModelInfo> _models;

    public LlmEnergyModel(double powerUsageEffectiveness = 1.2, IReadOnlyList<LlmModelInfo>? models = null)
    {
        PowerUsageEffectiveness = powerUsageEffectiveness;
        _models = (models ?? KnownModels).OrderByDescending(m => m.Name.Length).ToList();
    }

    /// <summary>
    /// A few models from EcoLogits' table (ecologits/data/models.json). Closed models' figures are EcoLogits'
    /// estimates (active parameters 10–30% of total for MoE), not provider numbers.
    /// </summary>
    public static IReadOnlyList<LlmModelInfo> KnownModels { get; } =
    [
        new("gpt-4o-mini", LlmArchitecture.Dense, 8, 28, 8, 28, "EcoLogits estimate"),
        new("gpt-4o", LlmArchitecture.MixtureOfExperts, 440, 440, 44, 132, "EcoLogits estimate"),
        new("gpt-5-nano", LlmArchitecture.Dense, 5, 18.5, 5, 18.5, "EcoLogits estimate"),
        new("gpt-5", LlmArchitecture.MixtureOfExperts, 300, 300, 30, 90, "EcoLogits estimate"),
        new("claude-sonnet-4", LlmArchitecture.MixtureOfExperts, 440, 440, 44, 132, "EcoLogits estimate"),
        new("mixtral-8x7b", LlmArchitecture.MixtureOfExperts, 46.7, 46.7, 12.9, 12.9, "published architecture (Mistral AI)"),
    ];

    public double PowerUsageEffectiveness { get; }

    /// <summary>The model a provider's id refers to (longest matching prefix, case-insensitive), or null.</summary>
    public LlmModelInfo? Find(string modelId)
        => _models.FirstOrDefault(m => modelId.StartsWith(m.Name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Estimates one request; null when the model is unknown (callers report that, rather than a made-up number).</summary>
    public LlmEnergyEstimate? Estimate(string modelId, int outputTokens)
    {
        if (outputTokens < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(outputTokens), outputTokens, "Token counts cannot be negative.");
        }

        if (Find(modelId) is not { } model)
        {
            return null;
        }

        var gpus = GpuCount(model.TotalParametersMax);
        var low = RequestJoules(model.ActiveParametersMin, gpus, outputTokens);
        var high = RequestJoules(model.ActiveParametersMax, gpus, outputTokens);
        var basis = string.Format(
            CultureInfo.InvariantCulture,
            "EcoLogits method, output tokens only; {0}: {1}-{2} B active parameters ({3}), {4} GPU(s), PUE {5}",
            model.Name,
            model.ActiveParametersMin,
            model.ActiveParametersMax,
            model.Source,
            gpus,
            PowerUsageEffectiveness);
        return new LlmEnergyEstimate(Math.Min(low, high), Math.Max(low, high), gpus, model, basis);
    }

    /// <summary>GPUs needed to hold the weights: 1.2 × parameters × 2 bytes, on 80 GB GPUs, rounded up to a power of two.</summary>
    internal static int GpuCount(double totalParametersBillions)
    {
        var memoryGigabytes = 1.2 * totalParametersBillions * 2;
        var cards = Math.Max(1, (int)Math.Ceiling(memoryGigabytes / 80));
        return 1 << (int)Math.Ceiling(Math.Log(cards, 2));
    }

    private double RequestJoules(double activeParametersBillions, int gpus, int outputTokens)
    {
        var gpuWattHoursPerToken = (Alpha * Math.Exp(Beta * Batch) * activeParametersBillions) + Gamma;
        var secondsPerToken = (6.785e-4 * activeParametersBillions) + (3.119e-4 * Batch) + 0.01947;
        var generationSeconds = outputTokens * secondsPerToken;
        var serverJoules = generationSeconds * 1200 * gpus / 8.0 / Batch;
        var gpuJoules = gpus * outputTokens * gpuWattHoursPerToken * JoulesPerWattHour;
        return PowerUsageEffectiveness * (serverJoules + gpuJoules);
    }
}
