using Microsoft.CodeAnalysis.Text;

namespace EfficiencyKit.Analyzers.Tests.Verification;

/// <summary>A diagnostic the markup asks for: its id (null = the analyzer's only id), document and exact span.</summary>
public sealed record ExpectedDiagnostic(string? Id, int DocumentIndex, TextSpan Span);
