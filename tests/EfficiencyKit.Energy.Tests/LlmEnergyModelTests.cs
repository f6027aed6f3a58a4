using System;
using EfficiencyKit.Energy.Llm;

namespace EfficiencyKit.Energy.Tests;

/// <summary>
/// Golden values from EcoLogits' worked example (500 output tokens, PUE 1.2; shared/reference/energy-measurement.md §4):
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
        var model = new LlmEnergyModel(powerUsageEffectiveness: 1.0, [new LlmModelInfo("llama-3.1-8b", LlmArchitecture.Dense, 8, 8, 8, 8, "test")]);
        var oneToken = model.Estimate("llama-3.1-8b", 1000)!.MinJoules / 1000;

        // Request energy adds the server's share (CPU, memory, network) to the GPU's 0.16 J.
        Assert.InRange(oneToken, 0.16, 0.30);
    }

    [Fact]
    public void Dated_model_ids_match_their_family_by_longest_prefix()
    {
        Assert.Equal("gpt-4o-mini", _model.Find("gpt-4o-mini-2024-07-18")!.Name);
        Assert.Equal("gpt-4o", _model.Find("GPT-4o-2024-08-06")!.Name);
        Assert.Equal("gpt-5-nano", _model.Find("gpt-5-nano")!.Name);
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
