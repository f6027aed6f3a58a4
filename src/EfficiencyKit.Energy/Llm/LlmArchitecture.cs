namespace EfficiencyKit.Energy.Llm;

/// <summary>Dense models activate every parameter per token; mixture-of-experts models only some.</summary>
public enum LlmArchitecture
{
    Dense,
    MixtureOfExperts,
}
