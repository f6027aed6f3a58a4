namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// ONNX Runtime GenAI's output cap: <c>new Generator(model, generatorParams)</c> generates until the model ends its answer
/// or the sequence reaches <c>max_length</c>, which without <c>SetSearchOption("max_length", …)</c> is the model's whole
/// context (genai_config.json's search.max_length: 4,096 to 131,072 tokens for the Phi and Llama builds). Only parameters
/// created in the same body are judged: parameters from elsewhere, ones handed to another method, or a max_length set
/// with a name we cannot read may be capped there, and a token loop that stops on a count is bounded by that count.
/// </summary>
internal static class GeneratorLengthAnalysis
{
    private const string GeneratorTypeName = "Microsoft.ML.OnnxRuntimeGenAI.Generator";
    private const string GeneratorParamsTypeName = "Microsoft.ML.OnnxRuntimeGenAI.GeneratorParams";

    /// <summary>The GenAI types of the compilation, or null where it does not reference ONNX Runtime GenAI.</summary>
    public static (INamedTypeSymbol Generator, INamedTypeSymbol Params)? Types(Compilation compilation)
        => compilation.GetBestTypeByMetadataName(GeneratorTypeName) is { } generator && compilation.GetBestTypeByMetadataName(GeneratorParamsTypeName) is { } parameters
            ? (generator, parameters)
            : null;

    /// <summary>True where <paramref name="creation"/> creates a generator whose parameters, made in the same body, set no max_length.</summary>
    public static bool IsUncapped(IObjectCreationOperation creation, (INamedTypeSymbol Generator, INamedTypeSymbol Params) types, CancellationToken cancellationToken)
    {
        if (!SymbolEqualityComparer.Default.Equals(creation.Type, types.Generator)
            || creation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Value.WalkDownImplicitConversions().Type, types.Params)) is not { } argument
            || argument.Value.WalkDownImplicitConversions() is not ILocalReferenceOperation { Local: var parameters } reference
            || parameters.DeclaredInitializer(reference, cancellationToken)?.WalkDownImplicitConversions() is not IObjectCreationOperation paramsCreation
            || !SymbolEqualityComparer.Default.Equals(paramsCreation.Type, types.Params)
            || OutputCapAnalysis.EnclosingBody(creation) is not { } body)
        {
            return false;
        }

        foreach (var operation in body.Descendants())
        {
            switch (operation)
            {
                // The parameters leave the body (a helper may set max_length on them) or have a search option we cannot read.
                case ILocalReferenceOperation use when SymbolEqualityComparer.Default.Equals(use.Local, parameters) && LeavesTheBody(use, argument):
                    return false;
                case IInvocationOperation { TargetMethod.Name: "SetSearchOption", Instance: ILocalReferenceOperation target, Arguments.Length: > 0 } set
                    when SymbolEqualityComparer.Default.Equals(target.Local, parameters):
                    if (set.Arguments[0].Value.ConstantValue is not { HasValue: true, Value: string name } || name == "max_length")
                    {
                        return false;
                    }

                    break;
                case ILoopOperation loop when GeneratesTokens(loop) && StopsOnACount(loop):
                    return false;
            }
        }

        return true;
    }

    // A use of the parameters other than as the Generator's argument or as the receiver of one of their own methods.
    private static bool LeavesTheBody(ILocalReferenceOperation use, IArgumentOperation generatorArgument)
        => use.Parent is IArgumentOperation passed && passed != generatorArgument
            || use.Parent is ISimpleAssignmentOperation { Value: var value } && value == use;

    private static bool GeneratesTokens(ILoopOperation loop)
        => loop.Body.Descendants().OfType<IInvocationOperation>().Any(i => i.TargetMethod.Name == "GenerateNextToken");

    // while (!generator.IsDone() && tokens < limit), or if (count >= limit) break; inside the loop.
    private static bool StopsOnACount(ILoopOperation loop)
    {
        var condition = loop switch
        {
            IWhileLoopOperation whileLoop => whileLoop.Condition,
            IForLoopOperation forLoop => forLoop.Condition,
            _ => null,
        };
        return condition is not null && HasComparison(condition)
            || loop.Body.Descendants().OfType<IConditionalOperation>().Any(c => HasComparison(c.Condition) && c.WhenTrue.DescendantsAndSelf().OfType<IBranchOperation>().Any(b => b.BranchKind == BranchKind.Break));
    }

    private static bool HasComparison(IOperation condition)
        => condition.DescendantsAndSelf().OfType<IBinaryOperation>().Any(b => b.OperatorKind is BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual);
}
