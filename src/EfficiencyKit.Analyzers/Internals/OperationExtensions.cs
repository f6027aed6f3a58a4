using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.Analyzers.Internals;

internal static class OperationExtensions
{
    /// <summary>The operation under implicit conversions and parentheses: what the code wrote.</summary>
    public static IOperation WalkDownImplicitConversions(this IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation { IsImplicit: true } conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>What a call is made on: the instance, or an extension method's <c>this</c> argument; null for a static call.</summary>
    public static IOperation? Receiver(this IInvocationOperation invocation)
        => invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : invocation.Instance;

    /// <summary>
    /// The arguments that say what a request asks: not the receiver (an extension method's <c>this</c>), and not options
    /// objects or cancellation tokens, which shape how it runs.
    /// </summary>
    public static IEnumerable<IArgumentOperation> RequestInputs(this IInvocationOperation invocation)
        => invocation.Arguments.Where(a => a.Parameter is { } p
            && !(invocation.TargetMethod.IsExtensionMethod && p.Ordinal == 0)
            && !p.Type.Name.EndsWith("Options", StringComparison.Ordinal)
            && p.Type.Name != "CancellationToken");

    /// <summary>
    /// The initializer of a local or field declared in the same file as <paramref name="reference"/>
    /// (<c>var shape = new long[] { 1, 256 }</c>), or null. Only the same syntax tree: analyzers must not ask
    /// for other trees' semantic models.
    /// </summary>
    public static IOperation? DeclaredInitializer(this ISymbol symbol, IOperation reference, CancellationToken cancellationToken)
    {
        var model = reference.SemanticModel;
        foreach (var declaration in symbol.DeclaringSyntaxReferences)
        {
            if (model is not null && declaration.SyntaxTree == model.SyntaxTree
                && declaration.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } value })
            {
                return model.GetOperation(value, cancellationToken);
            }
        }

        return null;
    }
}
