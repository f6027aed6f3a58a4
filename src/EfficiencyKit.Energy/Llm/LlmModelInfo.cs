namespace EfficiencyKit.Energy.Llm;

/// <summary>
/// What the energy model needs to know about a hosted model: total parameters (which set how many GPUs serve it)
/// and active parameters per token (which set the energy), both in billions and as ranges, because providers
/// do not publish them for closed models.
/// </summary>
/// <param name="Name">Model id as providers name it (matched by prefix: "gpt-4o-mini-2024-07-18" is "gpt-4o-mini").</param>
/// <param name="Architecture">Dense or mixture of experts.</param>
/// <param name="TotalParametersMin">Total parameters, billions, low estimate.</param>
/// <param name="TotalParametersMax">Total parameters, billions, high estimate.</param>
/// <param name="ActiveParametersMin">Active parameters per token, billions, low estimate.</param>
/// <param name="ActiveParametersMax">Active parameters per token, billions, high estimate.</param>
/// <param name="Source">Where the figures come from.</param>
public sealed record LlmModelInfo(
    string Name,
    LlmArchitecture Architecture,
    double TotalParametersMin,
    double TotalParametersMax,
    double ActiveParametersMin,
    double ActiveParametersMax,
    string Source);
