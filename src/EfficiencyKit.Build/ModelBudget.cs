using System;
using System.Globalization;
using EfficiencyKit.Energy.Hardware;

namespace EfficiencyKit.Build;

/// <summary>
/// The model budget properties, parsed and validated once: a wrong value is an error naming the property, never
/// a silently ignored budget.
/// </summary>
internal sealed class ModelBudget
{
    public HardwareProfile Profile { get; private set; } = HardwareProfiles.CloudVm2Vcpu;

    public double? MaxMillijoulesPerInference { get; private set; }

    public double? MaxModelSizeMegabytes { get; private set; }

    public bool RequireQuantized { get; private set; }

    public bool TreatAsError { get; private set; }

    /// <summary>Parses the properties; each problem is passed to <paramref name="error"/> with the property's name.</summary>
    public static ModelBudget Parse(
        string? hardwareProfile,
        string? maxMillijoules,
        string? maxSizeMegabytes,
        string? requireQuantized,
        string? treatAsError,
        Action<string> error)
    {
        var budget = new ModelBudget();
        if (!string.IsNullOrWhiteSpace(hardwareProfile))
        {
            try
            {
                budget.Profile = HardwareProfiles.Get(hardwareProfile!.Trim());
            }
            catch (ArgumentException e)
            {
                error($"EfficiencyKitHardwareProfile: {e.Message.Split(new[] { " (Parameter" }, StringSplitOptions.None)[0]}");
            }
        }

        budget.MaxMillijoulesPerInference = PositiveNumber("EfficiencyKitMaxMillijoulesPerInference", maxMillijoules, error);
        budget.MaxModelSizeMegabytes = PositiveNumber("EfficiencyKitMaxModelSizeMB", maxSizeMegabytes, error);
        budget.RequireQuantized = Boolean("EfficiencyKitRequireQuantized", requireQuantized, error);
        budget.TreatAsError = Boolean("EfficiencyKitTreatBudgetAsError", treatAsError, error);
        return budget;
    }

    internal static double? PositiveNumber(string property, string? value, Action<string> error)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0 && !double.IsInfinity(number))
        {
            return number;
        }

        error($"{property} is '{value}'; expected a positive number (invariant culture, e.g. 5 or 0.25), or leave it empty for no budget.");
        return null;
    }

    private static bool Boolean(string property, string? value, Action<string> error)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        if (bool.TryParse(value!.Trim(), out var flag))
        {
            return flag;
        }

        error($"{property} is '{value}'; expected true or false.");
        return false;
    }
}
