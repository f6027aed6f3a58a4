using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Decides whether an options argument caps output tokens. Recognises a cap property set in the object
/// initializer, set later on the same local (<c>o.MaxOutputTokens = …</c>, <c>??=</c>), or passed through the
/// provider's extra properties (<c>AdditionalProperties["max_tokens"]</c>, <c>ExtensionData = { ["MaxTokens"] = … }</c>).
/// Semantic Kernel settings of a connector whose package does not resolve (<c>new OllamaPromptExecutionSettings { … }</c>)
/// are judged by their initializer's syntax. Options that come from anywhere else are <see cref="OutputCapState.Unknown"/>:
/// better silent than wrong.
/// </summary>
internal static class OutputCapAnalysis
{
    private static readonly string[] s_capProperties = ["MaxOutputTokens", "MaxOutputTokenCount", "MaxTokens", "NumPredict", "MaxNewTokens"];
    private static readonly string[] s_capKeys = ["max_tokens", "max_output_tokens", "max_completion_tokens", "maxOutputTokens", "MaxTokens", "num_predict"];

    public static OutputCapFinding Analyze(IArgumentOperation? argument, LocalAssignmentSummary.Cache bodies, CancellationToken cancellationToken)
        => argument is null || argument.ArgumentKind == ArgumentKind.DefaultValue ? OutputCapFinding.Omitted : AnalyzeValue(argument.Value, bodies, cancellationToken);

    public static OutputCapFinding AnalyzeValue(IOperation value, LocalAssignmentSummary.Cache bodies, CancellationToken cancellationToken)
    {
        switch (value.WalkDownImplicitConversions())
        {
            case { ConstantValue: { HasValue: true, Value: null } }:
            case IDefaultValueOperation:
                return OutputCapFinding.Omitted;
            case IObjectCreationOperation creation:
                return FromCreation(creation, CapsInInitializer(creation));
            case IInvalidOperation { Syntax: BaseObjectCreationExpressionSyntax syntax }:
                return FromUnboundCreation(syntax);
            case ILocalReferenceOperation local:
                return FromLocal(local, bodies, cancellationToken);
            default:
                return OutputCapFinding.Unknown;
        }
    }

    /// <summary>The body a local lives in: the method, local function or lambda (the whole file for top-level statements).</summary>
    public static IOperation? EnclosingBody(IOperation operation)
    {
        var current = operation;
        while (current.Parent is { } parent)
        {
            current = parent;
            if (current is IMethodBodyOperation or IBlockOperation { Parent: null } or ILocalFunctionOperation or IAnonymousFunctionOperation)
            {
                return current;
            }
        }

        return current;
    }

    private static OutputCapFinding FromLocal(ILocalReferenceOperation reference, LocalAssignmentSummary.Cache bodies, CancellationToken cancellationToken)
    {
        // The initializer is read from the declaration's syntax; reassignments and later caps from the body's summary.
        if (reference.Local.DeclaredInitializer(reference, cancellationToken)?.WalkDownImplicitConversions() is not { } initial
            || EnclosingBody(reference) is not { } body)
        {
            return OutputCapFinding.Unknown;
        }

        if (initial is IInvalidOperation { Syntax: BaseObjectCreationExpressionSyntax syntax })
        {
            return FromUnboundCreation(syntax);
        }

        // Any later assignment to the local means it may be other options than the ones created here.
        var summary = bodies.For(body);
        if (initial is not IObjectCreationOperation creation || summary.IsReassigned(reference.Local))
        {
            return OutputCapFinding.Unknown;
        }

        return FromCreation(creation, CapsInInitializer(creation) || summary.IsCappedLater(reference.Local));
    }

    private static OutputCapFinding FromCreation(IObjectCreationOperation creation, bool capped)
        => new(capped ? OutputCapState.Capped : OutputCapState.Uncapped, creation, ModelId(creation));

    // new OllamaPromptExecutionSettings { Temperature = 0 } when the connector's package does not bind: only a settings
    // type (by name) is judged, by the names its initializer assigns; no fix is offered for a type we cannot see.
    private static OutputCapFinding FromUnboundCreation(BaseObjectCreationExpressionSyntax syntax)
    {
        if (syntax is not ObjectCreationExpressionSyntax { Type: var type } || !TypeName(type).EndsWith("ExecutionSettings", StringComparison.Ordinal))
        {
            return OutputCapFinding.Unknown;
        }

        var capped = syntax.Initializer is { } initializer && initializer.DescendantNodes().Any(node => node switch
        {
            AssignmentExpressionSyntax { Left: IdentifierNameSyntax name } => IsCapPropertyName(name.Identifier.ValueText),
            LiteralExpressionSyntax literal => literal.Token.Value is string key && IsCapKey(key),
            _ => false,
        });
        return new OutputCapFinding(capped ? OutputCapState.Capped : OutputCapState.Uncapped, null, null);
    }

    private static string TypeName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => "",
    };

    private static bool CapsInInitializer(IObjectCreationOperation creation)
        => creation.Initializer?.Initializers.Any(i => i switch
        {
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment
                => (IsCapProperty(property.Property) && !IsNull(assignment.Value))
                    || (IsExtraProperties(property.Property) && assignment.Value.Descendants().Any(IsCapKeyAssignment)),
            IMemberInitializerOperation { InitializedMember: IPropertyReferenceOperation bag } member => IsExtraProperties(bag.Property) && member.Initializer.Descendants().Any(IsCapKeyAssignment),
            _ => false,
        }) == true;

    /// <summary>
    /// The local an operation puts a cap on: <c>o.MaxOutputTokens = n</c>, <c>o.MaxOutputTokens ??= n</c>,
    /// <c>o.AdditionalProperties["max_tokens"] = n</c>, <c>o.AdditionalProperties.Add("max_tokens", n)</c>; else null.
    /// </summary>
    public static ILocalSymbol? CappedLocal(IOperation operation) => operation switch
    {
        IAssignmentOperation { Target: IPropertyReferenceOperation { Property: var property, Instance: ILocalReferenceOperation target } } assignment
            when IsCapProperty(property) && !IsNull(assignment.Value) => target.Local,
        ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 1 } indexer }
            when indexer.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key } && IsCapKey(key) => RootLocal(indexer.Instance),
        IInvocationOperation { TargetMethod.Name: "Add" or "TryAdd", Arguments.Length: 2 } add
            when add.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key } && IsCapKey(key) => RootLocal(add.Instance),
        _ => null,
    };

    // ["max_tokens"] = n in an indexer initializer, or { "MaxTokens", n } in a collection initializer (an implicit Add).
    private static bool IsCapKeyAssignment(IOperation operation) => operation switch
    {
        ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 1 } indexer }
            => indexer.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key } && IsCapKey(key),
        IInvocationOperation { TargetMethod.Name: "Add" or "TryAdd", Arguments.Length: 2 } add
            => add.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key } && IsCapKey(key),
        _ => false,
    };

    private static ILocalSymbol? RootLocal(IOperation? instance)
        => instance is IPropertyReferenceOperation { Instance: ILocalReferenceOperation local, Property: var bag } && IsExtraProperties(bag) ? local.Local : null;

    private static bool IsExtraProperties(IPropertySymbol property) => property.Name is "AdditionalProperties" or "ExtensionData";

    private static bool IsCapProperty(IPropertySymbol property) => IsCapPropertyName(property.Name);

    /// <summary>Whether a property of this name caps output tokens on some generation API's options.</summary>
    public static bool IsCapPropertyName(string name) => Array.IndexOf(s_capProperties, name) >= 0;

    private static bool IsCapKey(string key) => Array.IndexOf(s_capKeys, key) >= 0;

    private static bool IsNull(IOperation value) => value.WalkDownImplicitConversions().ConstantValue is { HasValue: true, Value: null };

    private static string? ModelId(IObjectCreationOperation creation)
        => creation.Initializer?.Initializers.OfType<ISimpleAssignmentOperation>()
            .FirstOrDefault(a => a.Target is IPropertyReferenceOperation { Property.Name: "ModelId" or "Model" })?.Value.ConstantValue is { HasValue: true, Value: string model } ? model : null;
}
