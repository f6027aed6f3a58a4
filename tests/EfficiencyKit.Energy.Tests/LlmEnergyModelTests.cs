using EfficiencyKit.Energy.Llm;

namespace EfficiencyKit.Energy.Tests;

/// <summary>
/// Golden values from EcoLogits' worked example (500 output tokens, PUE 1.2; genai-impact/ecologits, docs/methodology/llm_inference.md):
/// gpt-4o-mini 0.045-0.057 Wh on 1 GPU, gpt-4o 1.06-1.92 Wh on 16 GPUs.
/// </summary>
public sealed class LlmEnergyModelTests
{
    private const double JoulesPerWattHour = 3600;
    private readonly LlmEnergyModel _model = new();

    [Theory]
    [InlineData("gpt-4o-mini", 0.045, 0.057, 1)]
    [InlineData("gpt-4o", 1.06, 1.92, 16)]
    public void Reproduces_the_published_worked_example(string model, double minWattHours, double maxWattHours, int gpus)
    {
        var estimate = _model.Estimate(model, 500)!;

        Assert.Equal(gpus, estimate.Gpus);
        Assert.InRange(estimate.MinJoules / JoulesPerWattHour, minWattHours * 0.99, minWattHours * 1.01);
        Assert.InRange(estimate.MaxJoules / JoulesPerWattHour, maxWattHours * 0.99, maxWattHours * 1.01);
        Assert.Equal(EnergyOrigin.Modelled, estimate.Origin);
        Assert.Contains("output tokens only", estimate.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void GPU_energy_per_token_of_an_8B_model_matches_ML_ENERGY_measurements()
    {
        // ML.ENERGY measured 0.12-0.20 J per output token for Llama-3.1-8B on H100 with vLLM (batch 64).
        var model = new LlmEnergyModel(powerUsageEffectiveness: 1.0);
        var oneToken = model.Estimate("meta-llama/Meta-Llama-3.1-8B-Instruct", 1000)!.MinJoules / 1000;

        // Request energy adds the server's share (CPU, memory, network) to the GPU's 0.16 J.
        Assert.InRange(oneToken, 0.16, 0.30);
    }

    [Theory]
    [InlineData("gpt-4o-mini-2024-07-18", "gpt-4o-mini")]
    [InlineData("GPT-4o-2024-08-06", "gpt-4o")]
    [InlineData("gpt-4-turbo", "gpt-4-turbo")]
    [InlineData("gpt-4.1-mini", "gpt-4.1-mini")]
    [InlineData("claude-3-5-sonnet-latest", "claude-3-5-sonnet")]
    [InlineData("claude-opus-4-1-20250805", "claude-opus-4-1")]
    [InlineData("claude-sonnet-4-20250514", "claude-sonnet-4")]
    [InlineData("gemini-2.5-flash-lite", "gemini-2.5-flash-lite")]
    [InlineData("gemini-2.5-flash-preview-05-20", "gemini-2.5-flash")]
    [InlineData("meta-llama/Meta-Llama-3.1-70B-Instruct", "meta-llama-3.1-70b")]
    [InlineData("mistral-small-latest", "mistral-small")]
    public void Provider_ids_match_their_model_by_longest_prefix(string id, string expected)
        => Assert.Equal(expected, _model.Find(id)!.Name);

    [Theory]
    [InlineData("o1-mini")]
    [InlineData("gpt-4o-realtime")]
    [InlineData("gemini-2.5-pro-flash-experimental-x")]
    public void A_suffix_naming_another_size_is_not_matched_to_a_bigger_sibling(string id)
        => Assert.Null(_model.Find(id));

    [Fact]
    public void Input_tokens_add_the_labelled_prefill_term_only_when_asked()
    {
        var withInput = new LlmEnergyModel(includeInputTokens: true);
        var plain = _model.Estimate("gpt-4o-mini", 100, inputTokens: 10_000)!;
        var counted = withInput.Estimate("gpt-4o-mini", 100, inputTokens: 10_000)!;

        Assert.Equal(_model.Estimate("gpt-4o-mini", 100)!.MinJoules, plain.MinJoules, 9);
        var prefillAt8B = 1.2 * 10_000 * 2 * 8e9 * (700 / (989e12 * 0.5));
        Assert.Equal(plain.MinJoules + prefillAt8B, counted.MinJoules, 6);
        Assert.Contains("input tokens not counted", plain.Basis, StringComparison.Ordinal);
        Assert.Contains("10000 input tokens by our prefill estimate", counted.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_file_adds_models_and_overrides_built_in_ones()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{ "models": [ { "name": "acme-chat", "dense": [3, 4] }, { "name": "gpt-4o", "moe": { "total": 200, "active": [20, 20] } } ] }""");
            var table = LlmModelTable.BuiltIn.WithUserFile(path);

            Assert.Equal((3.0, 4.0), (table.Find("acme-chat-2025")!.ActiveParametersMin, table.Find("acme-chat-2025")!.ActiveParametersMax));
            Assert.Equal(200, table.Find("gpt-4o")!.TotalParametersMax);
            Assert.Equal("gpt-4o-mini", table.Find("gpt-4o-mini")!.Name);
            Assert.Contains("user model table", table.Find("acme-chat")!.Source, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("""{ "models": [ { "name": "x", "dense": [5, 2] } ] }""", "models[0].dense: expected [min, max]")]
    [InlineData("""{ "models": [ { "name": "x" } ] }""", "models[0]: model 'x' needs")]
    [InlineData("""{ "models": [ { "dense": [1, 1] } ] }""", "models[0].name")]
    [InlineData("""{ "models": [ { "name": "x", "moe": { "active": [1, 2] } } ] }""", "models[0].moe.total")]
    [InlineData("""{ "model": [] }""", "expected an object with a \"models\" array")]
    [InlineData("not json", "is not valid JSON")]
    public void A_malformed_user_file_is_rejected_naming_the_file_and_field(string json, string message)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, json);
            var error = Assert.Throws<FormatException>(() => LlmModelTable.BuiltIn.WithUserFile(path));
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains(message, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Unknown_models_get_no_estimate_rather_than_a_guess()
        => Assert.Null(_model.Estimate("my-fine-tuned-model", 100));

    [Fact]
    public void Energy_grows_with_output_tokens_and_is_zero_without_them()
    {
        Assert.Equal(0, _model.Estimate("gpt-4o-mini", 0)!.MaxJoules);
        Assert.Equal(2 * _model.Estimate("gpt-4o-mini", 100)!.MaxJoules, _model.Estimate("gpt-4o-mini", 200)!.MaxJoules, 9);
        Assert.Throws<ArgumentOutOfRangeException>(() => _model.Estimate("gpt-4o-mini", -1));
    }

    [Theory]
    [InlineData(8, 1)]
    [InlineData(46.7, 2)]
    [InlineData(300, 16)]
    [InlineData(440, 16)]
    public void GPU_count_holds_the_weights_on_80_GB_cards_rounded_to_a_power_of_two(double totalBillions, int gpus)
        => Assert.Equal(gpus, LlmEnergyModel.GpuCount(totalBillions));
}
