using System;
using System.Globalization;

namespace EfficiencyKit.Profiler.Reports;

/// <summary>How reports write numbers for people.</summary>
public static class EnergyFormat
{
    /// <summary>Joules with a readable unit (kJ, J or mJ).</summary>
    public static string Joules(double joules) => Math.Abs(joules) switch
    {
        >= 1000 => (joules / 1000).ToString("F2", CultureInfo.InvariantCulture) + " kJ",
        >= 1 => joules.ToString("F2", CultureInfo.InvariantCulture) + " J",
        _ => (joules * 1000).ToString("F1", CultureInfo.InvariantCulture) + " mJ",
    };

    /// <summary>Grams of CO2e with a readable unit (kg, g or mg).</summary>
    public static string Grams(double grams) => Math.Abs(grams) switch
    {
        >= 1000 => (grams / 1000).ToString("F2", CultureInfo.InvariantCulture) + " kgCO2e",
        >= 1 => grams.ToString("F2", CultureInfo.InvariantCulture) + " gCO2e",
        _ => (grams * 1000).ToString("F2", CultureInfo.InvariantCulture) + " mgCO2e",
    };

    /// <summary>"Program.cs:42" for a call site, "-" where the file is unknown.</summary>
    public static string Location(string? file, int? line) => file is null ? "-" : $"{System.IO.Path.GetFileName(file)}:{line}";

    /// <summary>Type.Method without the parameter list, which TraceEvent spells out in full.</summary>
    public static string ShortMethod(string method)
    {
        var paren = method.IndexOf('(', StringComparison.Ordinal);
        var name = paren > 0 ? method[..paren] : method;
        return name.Length <= 70 ? name : "…" + name[^69..];
    }
}
