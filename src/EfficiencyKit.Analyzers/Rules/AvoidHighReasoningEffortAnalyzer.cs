using System.Collections.Immutable;
using EfficiencyKit.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1302: a reasoning effort of High (OpenAI <c>ChatCompletionOptions.ReasoningEffortLevel</c>,
/// <c>ResponseReasoningOptions.ReasoningEffortLevel</c>; Microsoft.Extensions.AI <c>ReasoningOptions.Effort</c>).
/// High effort lets the model spend many more hidden reasoning tokens, all computed and billed as output.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AvoidHighReasoningEffortAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.AvoidHighReasoningEffort,
        "Use a lower reasoning effort where it is enough",
        "Reasoning effort '{0}' lets the model spend many hidden reasoning tokens on every call; use Low or Medium where it is enough{1}",
        RuleCategories.Generation,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        "Reasoning tokens are generated like output tokens but not returned; High effort multiplies them. Most extraction, classification "
        + "and short-answer tasks need Low; keep High for the requests that evaluations show need it.",
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.AvoidHighReasoningEffort));

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(Analyze, OperationKind.SimpleAssignment);
    }

    private static void Analyze(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "ReasoningEffortLevel" or "Effort", ContainingType: { } owner } }
            || owner.ContainingNamespace?.ToDisplayString() is not ("OpenAI.Chat" or "OpenAI.Responses" or "Microsoft.Extensions.AI"))
        {
            return;
        }

        var value = assignment.Value.WalkDownImplicitConversions();
        var name = value switch
        {
            IPropertyReferenceOperation { Property.IsStatic: true } property => property.Property.Name,
            IFieldReferenceOperation { Field.IsStatic: true } field => field.Field.Name,
            _ => null,
        };
        if (name is "High" or "ExtraHigh" or "XHigh")
        {
            context.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, value.Syntax.GetLocation(), context.Options, null, null, null, name));
        }
    }
}
