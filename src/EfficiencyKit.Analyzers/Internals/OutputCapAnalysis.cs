using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Decides whether an options argument caps output tokens. Recognises a cap property set in the object
/// initializer, set later on the same local (<c>o.MaxOutputTokens = …</c>, <c>??=</c>), or passed through the
/// provider's extra properties (<c>AdditionalProperties["max_tokens"]</c>, <c>ExtensionData["max_completion_tokens"]</c>).
/// Options that come from anywhere else are <see cref="OutputCapState.Unknown"/>: better silent than wrong.
/// </summary>
internal static class OutputCapAnalysis
{
    private static readonly string[] s_capProperties = ["MaxOutputTokens", "MaxOutputTokenCount", "MaxTokens"];
    private static readonly string[] s_capKeys = ["max_tokens", "max_output_tokens", "max_completion_tokens", "maxOutputTokens"];

    public static OutputCapFinding Analyze(IArgumentOperation? argument)
    {
        if (argument is null || argument.ArgumentKind == ArgumentKind.DefaultValue)
        {
            return OutputCapFinding.Omitted;
        }

        var value = argument.Value.WalkDownImplicitConversions();
        switch (value)
        {
            case { ConstantValue: { HasValue: true, Value: null } }:
            case IDefaultValueOperation:
                return OutputCapFinding.Omitted;
            case IObjectCreationOperation creation:
                return FromCreation(creation, CapsInInitializer(creation));
            case ILocalReferenceOperation local:
                return FromLocal(local);
            default:
                return OutputCapFinding.Unknown;
        }
    }

    private static OutputCapFinding FromLocal(ILocalReferenceOperation reference)
    {
        var body = EnclosingBody(reference);
        var declarator = body?.Descendants().OfType<IVariableDeclaratorOperation>().FirstOrDefault(d => SymbolEqualityComparer.Default.Equals(d.Symbol, reference.Local));
        if (body is null || declarator?.Initializer?.Value is not { } initial || initial.WalkDownImplicitConversions() is not IObjectCreationOperation creation)
        {
            return OutputCapFinding.Unknown;
        }

        // Any later assignment to the local means it may be other options than the ones created here.
        var reassigned = body.Descendants().OfType<ISimpleAssignmentOperation>().Any(a => a.Target is ILocalReferenceOperation target && SymbolEqualityComparer.Default.Equals(target.Local, reference.Local));
        if (reassigned)
        {
            return OutputCapFinding.Unknown;
        }

        var capped = CapsInInitializer(creation) || body.Descendants().Any(o => SetsCap(o, reference.Local));
        return FromCreation(creation, capped);
    }

    private static OutputCapFinding FromCreation(IObjectCreationOperation creation, bool capped)
        => new(capped ? OutputCapState.Capped : OutputCapState.Uncapped, creation, ModelId(creation));

    private static bool CapsInInitializer(IObjectCreationOperation creation)
        => creation.Initializer?.Initializers.Any(i => i switch
        {
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment
                => (IsCapProperty(property.Property) && !IsNull(assignment.Value))
                    || (IsExtraProperties(property.Property) && assignment.Value.Descendants().Any(IsCapKeyAssignment)),
            IMemberInitializerOperation { InitializedMember: IPropertyReferenceOperation bag } member => IsExtraProperties(bag.Property) && member.Initializer.Descendants().Any(IsCapKeyAssignment),
            _ => false,
        }) == true;

    // o.MaxOutputTokens = n; o.MaxOutputTokens ??= n; o.AdditionalProperties["max_tokens"] = n; o.AdditionalProperties.Add("max_tokens", n)
    private static bool SetsCap(IOperation operation, ILocalSymbol local) => operation switch
    {
        IAssignmentOperation { Target: IPropertyReferenceOperation { Property: var property, Instance: ILocalReferenceOperation target } } assignment
            => SymbolEqualityComparer.Default.Equals(target.Local, local) && IsCapProperty(property) && !IsNull(assignment.Value),
        ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 1 } indexer } when RootLocal(indexer.Instance) is { } root
            => SymbolEqualityComparer.Default.Equals(root, local) && indexer.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key } && IsCapKey(key),
        IInvocationOperation { TargetMethod.Name: "Add" or "TryAdd", Arguments.Length: 2 } add when RootLocal(add.Instance) is { } root
            => SymbolEqualityComparer.Default.Equals(root, local) && add.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key } && IsCapKey(key),
        _ => false,
    };

    private static bool IsCapKeyAssignment(IOperation operation)
        => operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 1 } indexer }
            && indexer.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key } && IsCapKey(key);

    private static ILocalSymbol? RootLocal(IOperation? instance)
        => instance is IPropertyReferenceOperation { Instance: ILocalReferenceOperation local, Property: var bag } && IsExtraProperties(bag) ? local.Local : null;

    private static bool IsExtraProperties(IPropertySymbol property) => property.Name is "AdditionalProperties" or "ExtensionData";

    private static bool IsCapProperty(IPropertySymbol property) => Array.IndexOf(s_capProperties, property.Name) >= 0;

    private static bool IsCapKey(string key) => Array.IndexOf(s_capKeys, key) >= 0;

    private static bool IsNull(IOperation value) => value.WalkDownImplicitConversions().ConstantValue is { HasValue: true, Value: null };

    private static string? ModelId(IObjectCreationOperation creation)
        => creation.Initializer?.Initializers.OfType<ISimpleAssignmentOperation>()
            .FirstOrDefault(a => a.Target is IPropertyReferenceOperation { Property.Name: "ModelId" or "Model" })?.Value.ConstantValue is { HasValue: true, Value: string model } ? model : null;

    private static IOperation? EnclosingBody(IOperation operation)
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
}
