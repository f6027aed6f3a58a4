namespace EfficiencyKit.Energy;

/// <summary>
/// How far an energy figure may be from the truth. <see cref="Relative"/> is a ± fraction where one can be
/// stated with a basis (the power model: ±0.5); null where no honest number exists, with the reason in <see cref="Basis"/>.
/// </summary>
public sealed record EnergyUncertainty(double? Relative, string Basis)
{
    /// <summary>Formats as "±50% (basis)" or "not quantified (basis)".</summary>
    public override string ToString()
        => Relative is { } relative
            ? $"±{(relative * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}% ({Basis})"
            : $"not quantified ({Basis})";
}
