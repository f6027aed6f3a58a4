namespace EfficiencyKit.EndToEnd.Tests.Infrastructure;

/// <summary>One MSBuild diagnostic line: <c>file(line,column): warning ID: message [project]</c> (line and column 0 for a whole file).</summary>
public sealed record BuildDiagnostic(string File, int Line, int Column, string Severity, string Id, string Message);
