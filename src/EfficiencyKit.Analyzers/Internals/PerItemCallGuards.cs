using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Near-misses of "one call per item": a loop that runs once by construction, a call whose input is the previous
/// call's output (each input waits for the last result), and an interactive loop whose input is what the user just
/// typed (inputs arrive one at a time): none of them can be batched.
/// </summary>
internal static class PerItemCallGuards
{
    /// <summary>
    /// True when the call cannot be batched with the other iterations' calls, or there are none. <paramref name="callee"/>
    /// is the method called (null: the invocation's own target).
    /// </summary>
    public static bool CannotBatch(IOperation call, IMethodSymbol? callee)
    {
        var loop = EnclosingLoop(call);
        var target = callee ?? (call as IInvocationOperation)?.TargetMethod;
        return loop is not null && (RunsOnce(loop) || (target is not null && DependsOnPreviousResult(call, target, loop)) || InputIsTypedByUser(call, loop));
    }

    // while (true) { var question = Console.ReadLine(); ... Embed(question) }: one input per user turn.
    private static bool InputIsTypedByUser(IOperation call, ILoopOperation loop)
    {
        if (loop is not IWhileLoopOperation)
        {
            return false;
        }

        var inputs = InputLocals(call);
        return loop.Body.DescendantsAndSelf().Any(operation => operation switch
        {
            IVariableDeclaratorOperation { Initializer.Value: { } value } declarator => inputs.Contains(declarator.Symbol, SymbolEqualityComparer.Default) && ReadsUserInput(value),
            ISimpleAssignmentOperation assignment => inputs.Contains(Variable(assignment.Target), SymbolEqualityComparer.Default) && ReadsUserInput(assignment.Value),
            _ => false,
        });
    }

    // Console.ReadLine, AnsiConsole.Ask, or the application's own ReadUserInput/AskQuestion/Prompt helper.
    private static bool ReadsUserInput(IOperation value)
        => value.DescendantsAndSelf().OfType<IInvocationOperation>().Any(read =>
        {
            var name = read.TargetMethod.Name;
            var prompts = name.StartsWith("Ask", StringComparison.Ordinal) || name.StartsWith("Prompt", StringComparison.Ordinal);
            return read.TargetMethod.ContainingType.Name.EndsWith("Console", StringComparison.Ordinal)
                ? prompts || name.StartsWith("Read", StringComparison.Ordinal)
                : prompts || name.IndexOf("UserInput", StringComparison.Ordinal) >= 0;
        });

    // The locals and parameters the call reads (its arguments, under an invalid call its operands).
    private static List<ISymbol> InputLocals(IOperation call)
        => call.Descendants().Select(Variable).OfType<ISymbol>().ToList();

    private static ISymbol? Variable(IOperation operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => null,
    };

    private static ILoopOperation? EnclosingLoop(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ILoopOperation loop:
                    return loop;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
            }
        }

        return null;
    }

    // foreach over a collection written out with one element; for (i = 0; i < 1; i++).
    private static bool RunsOnce(ILoopOperation loop)
    {
        switch (loop)
        {
            case IForEachLoopOperation forEach:
                var collection = forEach.Collection.WalkDownImplicitConversions();
                return collection is IArrayCreationOperation { Initializer.ElementValues.Length: 1 }
                    || collection.Syntax is CollectionExpressionSyntax { Elements.Count: 1 } single && single.Elements[0] is ExpressionElementSyntax;
            case IForLoopOperation { Condition: IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan } condition } forLoop:
                return condition.RightOperand.ConstantValue is { HasValue: true, Value: 1 }
                    && forLoop.Before.SelectMany(b => b.DescendantsAndSelf()).OfType<IVariableInitializerOperation>().Any(i => i.Value.ConstantValue is { HasValue: true, Value: 0 });
            default:
                return false;
        }
    }

    // The call's input reads a local the loop assigns from this same method's result: each input is the last output.
    private static bool DependsOnPreviousResult(IOperation call, IMethodSymbol callee, ILoopOperation loop)
    {
        var inputs = InputLocals(call);
        if (inputs.Count == 0)
        {
            return false;
        }

        var target = callee.OriginalDefinition;
        return loop.Body.DescendantsAndSelf().OfType<ISimpleAssignmentOperation>().Any(assignment =>
            inputs.Contains(Variable(assignment.Target), SymbolEqualityComparer.Default)
            && assignment.Value.DescendantsAndSelf().OfType<IInvocationOperation>().Any(i => SymbolEqualityComparer.Default.Equals(i.TargetMethod.OriginalDefinition, target)));
    }
}
