using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Semantic Kernel calls: the execution settings a <c>KernelArguments</c> argument carries
/// (<c>new KernelArguments(settings)</c>, <c>new(settings)</c>, a local built so in the same body), and the settings a
/// prompt function was created with (<c>kernel.CreateFunctionFromPrompt(template, settings)</c>,
/// <c>KernelFunctionFactory.CreateFromPrompt</c>) when it is invoked without any.
/// </summary>
internal static class KernelCapAnalysis
{
    /// <summary>
    /// The settings <paramref name="argument"/> (a <c>KernelArguments</c>) carries: <see cref="OutputCapFinding.Omitted"/>
    /// when it carries none (null, omitted, or arguments built without settings), <see cref="OutputCapFinding.Unknown"/>
    /// when they come from elsewhere.
    /// </summary>
    public static OutputCapFinding FromArguments(IArgumentOperation? argument, LocalAssignmentSummary.Cache bodies, CancellationToken cancellationToken)
    {
        if (argument is null || argument.ArgumentKind == ArgumentKind.DefaultValue)
        {
            return OutputCapFinding.Omitted;
        }

        var value = argument.Value.WalkDownImplicitConversions();
        if (value is ILocalReferenceOperation local)
        {
            // arguments.ExecutionSettings = … or a reassignment: other settings than the creation's.
            if (local.Local.DeclaredInitializer(local, cancellationToken)?.WalkDownImplicitConversions() is not { } initial
                || OutputCapAnalysis.EnclosingBody(local) is not { } body
                || bodies.For(body) is var summary && (summary.IsReassigned(local.Local) || summary.HasSettingsReplaced(local.Local)))
            {
                return OutputCapFinding.Unknown;
            }

            value = initial;
        }

        return value switch
        {
            { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation => OutputCapFinding.Omitted,
            IObjectCreationOperation creation => FromArgumentsCreation(creation, bodies, cancellationToken),

            // new(settings) whose settings type does not bind leaves the whole creation unbound: read its one argument.
            IInvalidOperation { Syntax: BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } syntax } invalid
                when invalid.SemanticModel?.GetOperation(syntax.ArgumentList.Arguments[0].Expression, cancellationToken) is { } settings => OutputCapAnalysis.AnalyzeValue(settings, bodies, cancellationToken),
            _ => OutputCapFinding.Unknown,
        };
    }

    /// <summary>The settings a prompt function was created with, when the function is a local created in the same body.</summary>
    public static OutputCapFinding FromFunction(IOperation? function, LocalAssignmentSummary.Cache bodies, CancellationToken cancellationToken)
    {
        if (function?.WalkDownImplicitConversions() is not ILocalReferenceOperation local
            || local.Local.DeclaredInitializer(local, cancellationToken)?.WalkDownImplicitConversions() is not IInvocationOperation { TargetMethod.Name: "CreateFunctionFromPrompt" or "CreateFromPrompt" } creation
            || OutputCapAnalysis.EnclosingBody(local) is not { } body
            || bodies.For(body).IsReassigned(local.Local))
        {
            return OutputCapFinding.Unknown;
        }

        // A PromptTemplateConfig carries its own settings (often from YAML or a file).
        return creation.Arguments.Any(a => a.Parameter?.Type.Name == "PromptTemplateConfig")
            ? OutputCapFinding.Unknown
            : FromSettingsArgument(creation, bodies, cancellationToken);
    }

    // The executionSettings argument of a KernelArguments or prompt function creation: one PromptExecutionSettings is
    // judged; a list or a per-service dictionary of settings is not.
    private static OutputCapFinding FromSettingsArgument(IOperation creation, LocalAssignmentSummary.Cache bodies, CancellationToken cancellationToken)
    {
        var settings = creation.ChildOperations.OfType<IArgumentOperation>().FirstOrDefault(a => a.Parameter?.Name == "executionSettings");
        if (settings is null || settings.ArgumentKind == ArgumentKind.DefaultValue)
        {
            return OutputCapFinding.Omitted;
        }

        return settings.Parameter?.Type is INamedTypeSymbol { Name: "PromptExecutionSettings" }
            ? OutputCapAnalysis.Analyze(settings, bodies, cancellationToken)
            : OutputCapFinding.Unknown;
    }

    private static OutputCapFinding FromArgumentsCreation(IObjectCreationOperation creation, LocalAssignmentSummary.Cache bodies, CancellationToken cancellationToken)
    {
        if (creation.Initializer?.Initializers.Any(i => i is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "ExecutionSettings" } }) == true)
        {
            return OutputCapFinding.Unknown;
        }

        return FromSettingsArgument(creation, bodies, cancellationToken);
    }
}
