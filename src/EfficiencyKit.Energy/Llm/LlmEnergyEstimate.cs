namespace EfficiencyKit.Energy.Llm;

/// <summary>
/// Estimated energy of one remote LLM request, as a range (the model's parameter uncertainty), always modelled,
/// never measured. <see cref="Basis"/> names the method and the model figures used.
/// </summary>
public sealed record LlmEnergyEstimate(double MinJoules, double MaxJoules, int Gpus, LlmModelInfo Model, string Basis)
{
    public EnergyOrigin Origin => EnergyOrigin.Modelled;

    public double MidJoules => (MinJoules + MaxJoules) / 2;
}
