namespace EfficiencyKit.Samples.Tests.Infrastructure;

/// <summary>One diagnostic of a SARIF log: rule, level ("warning", "note" for Info, …), file name and line.</summary>
internal sealed record SarifResult(string RuleId, string Level, string File, int Line);
