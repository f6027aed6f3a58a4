using System;
using System.Globalization;

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
/// EcoLogits ignores input tokens. With <see cref="IncludeInputTokens"/> this model adds a prefill term, labelled in
/// every estimate's basis: prefill is compute-bound, about 2 × P_active FLOPs per input token, on an H100 SXM
/// (700 W board power, 989 TFLOP/s dense BF16, NVIDIA datasheet) at an assumed 50% utilisation, times PUE. Ranges
/// come from the parameter ranges of closed models.
/// </summary>
public sealed class LlmEnergyModel
{
    private const double Alpha = 1.1665e-6;
    private const double Beta = -0.011206;
    private const double Gamma = 4.0529e-5;
    private const int Batch = 64;
    private const double JoulesPerWattHour = 3600;

    /// <summary>Assumed energy per prefill FLOP: 700 W / (989e12 FLOP/s × 50% utilisation).</summary>
    private const double PrefillJoulesPerFlop = 700 / (989e12 * 0.5);

    private readonly LlmModelTable _table;

    /// <param name="powerUsageEffectiveness">Data-centre overhead; EcoLogits uses 1.2 for OpenAI/Azure, 1.09 for Google.</param>
    /// <param name="includeInputTokens">Add the labelled prefill estimate for input tokens (off: EcoLogits-compatible).</param>
    /// <param name="table">Model table (default: the built-in one).</param>
    public LlmEnergyModel(double powerUsageEffectiveness = 1.2, bool includeInputTokens = false, LlmModelTable? table = null)
    {
        PowerUsageEffectiveness = powerUsageEffectiveness;
        IncludeInputTokens = includeInputTokens;
        _table = table ?? LlmModelTable.BuiltIn;
    }

    public double PowerUsageEffectiveness { get; }

    public bool IncludeInputTokens { get; }

    /// <summary>The model a provider's id refers to, or null (see <see cref="LlmModelTable.Find"/>).</summary>
    public LlmModelInfo? Find(string modelId) => _table.Find(modelId);

    /// <summary>Estimates one request; null when the model is unknown (callers report that, rather than a made-up number).</summary>
    public LlmEnergyEstimate? Estimate(string modelId, int outputTokens, int inputTokens = 0)
    {
        if (outputTokens < 0 || inputTokens < 0)
        {
            throw new ArgumentOutOfRangeException(outputTokens < 0 ? nameof(outputTokens) : nameof(inputTokens), "Token counts cannot be negative.");
        }

        if (Find(modelId) is not { } model)
        {
            return null;
        }

        var gpus = GpuCount(model.TotalParametersMax);
        var low = RequestJoules(model.ActiveParametersMin, gpus, outputTokens, inputTokens);
        var high = RequestJoules(model.ActiveParametersMax, gpus, outputTokens, inputTokens);
        var basis = string.Format(
            CultureInfo.InvariantCulture,
            "EcoLogits method; {0}; {1}: {2}-{3} B active parameters ({4}), {5} GPU(s), PUE {6}",
            IncludeInputTokens
                ? $"output tokens, plus {inputTokens} input tokens by our prefill estimate (2 FLOP per active parameter, H100 at an assumed 50% utilisation)"
                : "output tokens only (input tokens not counted)",
            model.Name,
            model.ActiveParametersMin,
            model.ActiveParametersMax,
            model.Source,
            gpus,
            PowerUsageEffectiveness);
        return new LlmEnergyEstimate(low, high, gpus, model, basis);
    }

    /// <summary>GPUs needed to hold the weights: 1.2 × parameters × 2 bytes, on 80 GB GPUs, rounded up to a power of two.</summary>
    internal static int GpuCount(double totalParametersBillions)
    {
        var memoryGigabytes = 1.2 * totalParametersBillions * 2;
        var cards = Math.Max(1, (int)Math.Ceiling(memoryGigabytes / 80));
        return 1 << (int)Math.Ceiling(Math.Log(cards, 2));
    }

    private double RequestJoules(double activeParametersBillions, int gpus, int outputTokens, int inputTokens)
    {
        var gpuWattHoursPerToken = (Alpha * Math.Exp(Beta * Batch) * activeParametersBillions) + Gamma;
        var secondsPerToken = (6.785e-4 * activeParametersBillions) + (3.119e-4 * Batch) + 0.01947;
        var generationSeconds = outputTokens * secondsPerToken;
        var serverJoules = generationSeconds * 1200 * gpus / 8.0 / Batch;
        var gpuJoules = gpus * outputTokens * gpuWattHoursPerToken * JoulesPerWattHour;
        var prefillJoules = IncludeInputTokens ? inputTokens * 2 * activeParametersBillions * 1e9 * PrefillJoulesPerFlop : 0;
        return PowerUsageEffectiveness * (serverJoules + gpuJoules + prefillJoules);
    }
}
