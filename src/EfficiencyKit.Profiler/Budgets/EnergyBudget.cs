using System.Collections.Generic;

namespace EfficiencyKit.Profiler.Budgets;

/// <summary>The budget file (energy-budget.json, schema in docs/schemas/energy-budget.schema.json).</summary>
public sealed record EnergyBudget(string Schema, IReadOnlyList<BudgetScenario> Scenarios)
{
    public const string CurrentSchema = ContractSchemas.EnergyBudget;
}
