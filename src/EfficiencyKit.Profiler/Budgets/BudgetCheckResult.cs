using System.Collections.Generic;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EfficiencyKit.Profiler.Budgets;

/// <summary>
/// What <c>dotnet-energy check --result</c> writes and the MSBuild gate reads (schema <see cref="CurrentSchema"/>,
/// documented in docs/budgets.md).
/// </summary>
public sealed record BudgetCheckResult(string Schema, string Budget, bool Passed, IReadOnlyList<ScenarioCheck> Scenarios)
{
    public const string CurrentSchema = ContractSchemas.EnergyCheck;

    private static readonly JsonSerializerOptions s_options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, s_options));
}
