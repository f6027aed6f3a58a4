using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1301: a chat or response call sets no output token cap, so one answer may run until the model stops or hits
/// its context limit. Output (and hidden reasoning) tokens dominate an LLM call's energy. Info by default; a
/// warning when the call is known to go to a reasoning model. Options the call receives from elsewhere are not
/// judged, and a pipeline-wide <c>ConfigureOptions(o => o.MaxOutputTokens = …)</c> counts as a cap for
/// Microsoft.Extensions.AI calls.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BoundGenerationOutputAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: how the fix adds the cap (<see cref="FixInitializer"/>, <see cref="FixArgument"/>, <see cref="FixParamsArray"/>).</summary>
    public const string FixKindProperty = "FixKind";

    /// <summary>Fix kind: add the cap to the options creation (the diagnostic's additional location).</summary>
    public const string FixInitializer = "Initializer";

    /// <summary>Fix kind: pass a new options object as the options argument.</summary>
    public const string FixArgument = "Argument";

    /// <summary>Fix kind: turn the params messages into an array and pass a new options object.</summary>
    public const string FixParamsArray = "ParamsArray";

    /// <summary>Diagnostic property: the options type's metadata name.</summary>
    public const string OptionsTypeProperty = "OptionsType";

    /// <summary>Diagnostic property: the cap property's name.</summary>
    public const string CapPropertyProperty = "CapProperty";

    /// <summary>Diagnostic property: the cap value the fix writes.</summary>
    public const string CapValueProperty = "CapValue";

    /// <summary>.editorconfig key: the cap the fix writes; default 1024.</summary>
    public const string MaxOutputTokensOption = "EK1301.max_output_tokens";

    /// <summary>.editorconfig key: comma-separated model id prefixes that are reasoning models.</summary>
    public const string ReasoningModelsOption = "EK1301.reasoning_models";

    internal const int DefaultCap = 1024;
    internal const string DefaultReasoningModels = "o1,o3,o4,gpt-5,deepseek-r1";

    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.BoundGenerationOutput,
        "Cap the output tokens of chat and response calls",
        "'{0}' sets no output token cap{1}; set '{2}' so one answer cannot run to the model's limit{3}",
        RuleCategories.Generation,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        "Output tokens are generated one forward pass at a time and dominate the energy of an LLM call; a reasoning model also spends hidden "
        + "reasoning tokens as output. Without a cap, a rambling or looping answer runs to the model's limit. Set the cap the use case needs.",
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.BoundGenerationOutput));

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var compilation = compilationContext.Compilation;
            var targets = new ChatTargets(compilation);

            // Calls in test projects go to fakes and recorded responses; they spend no production energy.
            if (compilation.IsTestProject())
            {
                return;
            }

            // Hand-built JSON bodies need no AI library at all.
            compilationContext.RegisterOperationAction(AnalyzeRawPayload, OperationKind.AnonymousObjectCreation, OperationKind.ObjectCreation);
            if (GeneratorLengthAnalysis.Types(compilation) is { } genAI)
            {
                compilationContext.RegisterOperationAction(operationContext => AnalyzeGenerator(operationContext, genAI), OperationKind.ObjectCreation);
            }

            if (!targets.Any)
            {
                return;
            }

            // Scanning every tree for ConfigureOptions costs a syntax walk; only Microsoft.Extensions.AI calls need the
            // answer, so it is computed on the first one (projects that call only the OpenAI SDK never pay for it).
            var cancellationToken = compilationContext.CancellationToken;
            var pipelineCap = new Lazy<bool>(() => HasPipelineWideCap(compilation, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
            var capParameters = new CapParameterSummary();
            var bodies = new LocalAssignmentSummary.Cache();
            compilationContext.RegisterOperationAction(operationContext => Analyze(operationContext, targets, pipelineCap, capParameters, bodies), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, ChatTargets targets, Lazy<bool> pipelineCap, CapParameterSummary capParameters, LocalAssignmentSummary.Cache bodies)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (targets.Match(invocation.TargetMethod) is not { } target)
        {
            AnalyzeHelperCall(context, invocation, pipelineCap, capParameters);
            return;
        }

        if (target.IsExtensionsAI && pipelineCap.Value)
        {
            return;
        }

        // An overload forwarding to another inside the client, or a wrapper of it, is not a call site.
        if (context.ContainingSymbol.ContainingType is { } caller && (caller.InheritsFromOrEquals(invocation.TargetMethod.ContainingType.OriginalDefinition) || targets.IsClientImplementation(caller)))
        {
            return;
        }

        var method = invocation.TargetMethod;
        var argument = invocation.Arguments.FirstOrDefault(a => a.Parameter is { } p && SymbolEqualityComparer.Default.Equals(p.Type.OriginalDefinition, target.OptionsType));
        var hasOptionsParameter = method.Parameters.Any(p => SymbolEqualityComparer.Default.Equals(p.Type.OriginalDefinition, target.OptionsType));
        var finding = Find(invocation, target, argument, targets, bodies, context.CancellationToken);
        if (finding.State != OutputCapState.Uncapped
            || (target.Kind != ChatTargetKind.Options && invocation.Arguments.Any(a => a.Parameter?.Type.Name == "PromptTemplateConfig" && a.ArgumentKind != ArgumentKind.DefaultValue)))
        {
            return;
        }

        var tree = invocation.Syntax.SyntaxTree;
        var options = context.Options;
        var model = finding.ModelId ?? ReceiverModel(invocation, context.CancellationToken);
        var reasoning = model is not null && IsReasoningModel(model, options.GetStringOption(tree, ReasoningModelsOption) ?? DefaultReasoningModels);
        // Semantic Kernel: the cap lives on a connector's settings type, so only settings created as one that has the
        // property (OpenAIPromptExecutionSettings.MaxTokens) get a fix.
        var fixKind = target.Kind != ChatTargetKind.Options || target.OptionsType.Name == "PromptExecutionSettings"
                ? (finding.Creation?.Type is { } settingsType && settingsType.GetMembers(target.CapProperty).Any(m => m is IPropertySymbol { SetMethod: not null }) ? FixInitializer : null)
            : finding.Creation is not null ? FixInitializer
            : hasOptionsParameter ? FixArgument
            : method.Parameters.Length == 1 && method.Parameters[0].IsParams
                // Expanded (a, b): wrap them in an array beside the options. An array or collection expression passed
                // as the params array itself: add the options, which binds the IEnumerable overload.
                ? (invocation.Arguments.Length == 1 && invocation.Arguments[0].ArgumentKind != ArgumentKind.ParamArray ? FixArgument : FixParamsArray)
            : null;
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(OptionsTypeProperty, finding.Creation?.Type?.ToDisplayString() ?? target.OptionsTypeName)
            .Add(CapPropertyProperty, target.CapProperty)
            .Add(CapValueProperty, options.GetPositiveIntegerOption(tree, MaxOutputTokensOption, DefaultCap).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (fixKind is not null)
        {
            properties = properties.Add(FixKindProperty, fixKind);
        }

        IEnumerable<Location> additional = finding.Creation is { } creation ? [creation.Syntax.GetLocation()] : [];
        var why = reasoning ? $" and '{model}' is a reasoning model, whose hidden reasoning tokens count as output" : "";
        context.ReportDiagnostic(ProfiledDiagnostic.Create(
            Rule,
            invocation.Syntax.GetLocation(),
            context.Options,
            reasoning ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info,
            properties,
            additional,
            method.Name,
            why,
            CapName(target, finding)));
    }

    // A model id in constant form on the receiver: new ChatClient("o3", …), openAI.GetChatClient("o3"), either
    // through .AsIChatClient(), a local initialised with one, or a field initialised with one in the same file.
    private static string? ReceiverModel(IInvocationOperation invocation, CancellationToken cancellationToken)
    {
        var receiver = invocation.Receiver();
        for (var depth = 0; receiver is not null && depth < 4; depth++)
        {
            receiver = receiver.WalkDownImplicitConversions();
            switch (receiver)
            {
                case IObjectCreationOperation { Arguments.Length: > 0 } creation when creation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string model }:
                    return model;
                case IInvocationOperation { TargetMethod.Name: "GetChatClient", Arguments.Length: > 0 } get when get.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string model }:
                    return model;
                case IInvocationOperation { TargetMethod.Name: "AsIChatClient" or "AsChatClient" } adapter:
                    receiver = adapter.Instance ?? (adapter.Arguments.Length > 0 ? adapter.Arguments[0].Value : null);
                    break;
                case ILocalReferenceOperation local:
                    receiver = local.Local.DeclaredInitializer(local, cancellationToken);
                    break;
                case IFieldReferenceOperation field:
                    receiver = field.Field.DeclaredInitializer(field, cancellationToken);
                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    private static void AnalyzeRawPayload(OperationAnalysisContext context)
    {
        if (RawChatPayload.MissingCap(context.Operation, context.CancellationToken) is not { } cap)
        {
            return;
        }

        context.ReportDiagnostic(ProfiledDiagnostic.Create(
            Rule, context.Operation.Syntax.GetLocation(), context.Options, null, null, null, "request body", " (a chat request built by hand)", cap));
    }

    private static void AnalyzeGenerator(OperationAnalysisContext context, (INamedTypeSymbol Generator, INamedTypeSymbol Params) genAI)
    {
        if (!GeneratorLengthAnalysis.IsUncapped((IObjectCreationOperation)context.Operation, genAI, context.CancellationToken))
        {
            return;
        }

        context.ReportDiagnostic(ProfiledDiagnostic.Create(
            Rule, context.Operation.Syntax.GetLocation(), context.Options, null, null, null, "Generator", " (ONNX Runtime GenAI generates to the model's max_length, its whole context)", "GeneratorParams.SetSearchOption(\"max_length\", …)"));
    }

    // helper.GetResponseAsync(prompt, maxOutputTokens: null) where the project's helper writes that parameter into the
    // options' cap: the helper's own call looks capped, the request is not. A number (or any variable) stays quiet.
    private static void AnalyzeHelperCall(OperationAnalysisContext context, IInvocationOperation invocation, Lazy<bool> pipelineCap, CapParameterSummary capParameters)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { Type: INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } } parameter
                || !parameter.Locations.Any(l => l.IsInSource)
                || !(argument.ArgumentKind == ArgumentKind.DefaultValue ? parameter.HasExplicitDefaultValue && parameter.ExplicitDefaultValue is null : IsNullValue(argument.Value))
                || !capParameters.IsCapParameter(parameter.OriginalDefinition, context.CancellationToken)
                || pipelineCap.Value)
            {
                continue;
            }

            context.ReportDiagnostic(ProfiledDiagnostic.Create(
                Rule,
                invocation.Syntax.GetLocation(),
                context.Options,
                null,
                null,
                null,
                invocation.TargetMethod.Name,
                $" (null for '{parameter.Name}', which the helper uses as its output cap)",
                parameter.Name));
            return;
        }
    }

    private static bool IsNullValue(IOperation value)
        => value.WalkDownImplicitConversions() is IDefaultValueOperation or { ConstantValue: { HasValue: true, Value: null } };

    private static OutputCapFinding Find(IInvocationOperation invocation, ChatTarget target, IArgumentOperation? argument, ChatTargets targets, LocalAssignmentSummary.Cache bodies, CancellationToken cancellationToken)
    {
        if (target.Kind == ChatTargetKind.Options)
        {
            return OutputCapAnalysis.Analyze(argument, bodies, cancellationToken);
        }

        // A function invoked with arguments that carry no settings runs with the settings it was created with.
        var fromArguments = KernelCapAnalysis.FromArguments(argument, bodies, cancellationToken);
        return target.Kind == ChatTargetKind.KernelFunction && fromArguments == OutputCapFinding.Omitted
            ? KernelCapAnalysis.FromFunction(targets.KernelFunctionOperand(invocation), bodies, cancellationToken)
            : fromArguments;
    }

    // 'ChatOptions.MaxOutputTokens'; for Semantic Kernel the connector's settings ('OpenAIPromptExecutionSettings.MaxTokens')
    // or, when they are not created here, the general form.
    private static string CapName(ChatTarget target, OutputCapFinding finding)
        => target.Kind == ChatTargetKind.Options && target.OptionsType.Name != "PromptExecutionSettings"
            ? target.OptionsType.Name + "." + target.CapProperty
            : finding.Creation?.Type is { } type && type.GetMembers(target.CapProperty).Length > 0
                ? type.Name + "." + target.CapProperty
                : "OpenAIPromptExecutionSettings.MaxTokens";

    internal static bool IsReasoningModel(string model, string prefixes)
    {
        foreach (var prefix in prefixes.Split(','))
        {
            var p = prefix.Trim();
            if (p.Length > 0 && model.StartsWith(p, StringComparison.OrdinalIgnoreCase)
                && (model.Length == p.Length || model[p.Length] is '-' or '.' or '_' or ':'))
            {
                return true;
            }
        }

        return false;
    }

    // builder.ConfigureOptions(o => o.MaxOutputTokens = …) anywhere in the project caps every call through that
    // pipeline; we cannot follow which IChatClient went through which builder, so it counts for all of them.
    private static bool HasPipelineWideCap(Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            // A text search first: most trees never mention ConfigureOptions, and every chat call of the compilation
            // waits on this answer, so only the few trees that do are walked node by node.
            if (tree.GetText(cancellationToken).ToString().IndexOf("ConfigureOptions", StringComparison.Ordinal) < 0)
            {
                continue;
            }

            var root = tree.GetRoot(cancellationToken);
            foreach (var invocation in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureOptions" }
                    && invocation.ArgumentList.Arguments.Any(a => a.Expression is LambdaExpressionSyntax lambda
                        && lambda.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText is "MaxOutputTokens")))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
