using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace EfficiencyKit.CodeFixes.Rules;

/// <summary>
/// EK1101 fix, for the common shape: a <c>foreach</c> over a materialised collection whose body embeds one input
/// derived from the loop variable. Before the loop, the inputs are embedded in batches of at most 2048
/// (OpenAI's per-request limit) and collected in order; in the loop, the single call becomes the next result.
/// Offered only where that is provably the same sequence of inputs: the call is not under a condition, nothing
/// before it in the body can skip an iteration, its input uses only the loop variable and values from outside
/// the loop, and the collection can be enumerated twice.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BatchEmbeddingRequestsFixer))]
[Shared]
public sealed class BatchEmbeddingRequestsFixer() : SemanticRuleFixer(RuleIdentifiers.BatchEmbeddingRequests)
{
    private const int ChunkSize = 2048;
    private const string EquivalenceKey = RuleIdentifiers.BatchEmbeddingRequests + ".BatchBeforeLoop";

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider()
        => FixAllProvider.Create(static async (context, document, diagnostics) => await FixAllAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (Plan(root, model, diagnostic, context.CancellationToken) is not { } plan)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create($"Embed all inputs with '{plan.BatchMethod}' before the loop", cancellationToken => ApplyAsync(context.Document, plan, cancellationToken), EquivalenceKey),
            diagnostic);
    }

    // Last loop first: each fix inserts statements before its loop, so the positions of earlier diagnostics stay
    // valid. A second call in a loop already rewritten is left for another pass.
    private static async Task<Document> FixAllAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var fixedLoops = new List<Microsoft.CodeAnalysis.Text.TextSpan>();
        foreach (var diagnostic in diagnostics.OrderByDescending(d => d.Location.SourceSpan.Start))
        {
            if (fixedLoops.Any(span => span.Contains(diagnostic.Location.SourceSpan)))
            {
                continue;
            }

            var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            var model = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
            if (Plan(root, model, diagnostic, cancellationToken) is { } plan)
            {
                fixedLoops.Add(plan.Loop.Span);
                document = await ApplyAsync(document, plan, cancellationToken).ConfigureAwait(false);
            }
        }

        return document;
    }

    // Only the single-input APIs are rewritten: a batch API fed a batch written out per iteration, a helper of the
    // application, or a vector-store upsert is reported but has no mechanical rewrite here.
    private static bool IsSingleInputForm(IMethodSymbol method)
        => method.ContainingType.Name == "EmbeddingClient"
            ? method.Name is "GenerateEmbedding" or "GenerateEmbeddingAsync"
            : method.ReducedFrom is { } extension && extension.OriginalDefinition.Parameters.Length > 1 && extension.OriginalDefinition.Parameters[1].Type is ITypeParameterSymbol;

    private static BatchPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (FindNode(root, diagnostic).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } call
            || call.ArgumentList.Arguments.Count != 1
            || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol method
            || !IsSingleInputForm(method)
            || call.Expression is not MemberAccessExpressionSyntax { Expression: var receiver })
        {
            return null;
        }

        // The loop: the nearest enclosing statement loop, with no lambda or local function in between.
        var loop = call.Ancestors().TakeWhile(n => n is not (LambdaExpressionSyntax or LocalFunctionStatementSyntax or AnonymousMethodExpressionSyntax)).OfType<ForEachStatementSyntax>().FirstOrDefault();
        if (loop is null || loop.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword) || loop.Parent is not BlockSyntax || loop.Statement is not BlockSyntax body)
        {
            return null;
        }

        // What gets replaced: OpenAI "call.Value" / "(await call).Value"; Microsoft.Extensions.AI "await call".
        var isAsync = call.Parent is AwaitExpressionSyntax;
        var isOpenAI = method.ContainingType.Name == "EmbeddingClient";
        ExpressionSyntax replaced = isAsync ? (AwaitExpressionSyntax)call.Parent! : call;
        if (isOpenAI)
        {
            var holder = replaced.Parent is ParenthesizedExpressionSyntax parenthesized ? parenthesized : replaced;
            if (holder.Parent is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Value" } valueAccess || valueAccess.Expression != holder)
            {
                return null;
            }

            replaced = valueAccess;
        }
        else if (!isAsync || method.Name is not ("GenerateVectorAsync" or "GenerateAsync"))
        {
            return null;
        }

        if (!IsUnconditionalFirstUse(body, replaced) || !ReceiverAndInputAreLoopSafe(model, loop, receiver, call.ArgumentList.Arguments[0].Expression, cancellationToken)
            || !IsReenumerable(model, loop.Expression, cancellationToken)
            || model.Compilation.GetTypeByMetadataName("System.Linq.Enumerable")?.GetMembers("Chunk").IsEmpty != false
            || (isAsync && !IsInAsyncContext(loop)))
        {
            return null;
        }

        var resultType = model.GetTypeInfo(replaced, cancellationToken).Type;
        if (resultType is null or IErrorTypeSymbol)
        {
            return null;
        }

        var batchMethod = isOpenAI ? (isAsync ? "GenerateEmbeddingsAsync" : "GenerateEmbeddings") : "GenerateAsync";
        return new BatchPlan(loop, call, replaced, receiver, resultType, isOpenAI, isAsync, method.Name == "GenerateVectorAsync", batchMethod);
    }

    // The call must run exactly once per iteration: not under a branch, and nothing earlier in the body can end
    // the iteration (continue, break, return, goto, yield).
    private static bool IsUnconditionalFirstUse(BlockSyntax body, ExpressionSyntax replaced)
    {
        var statement = replaced.Ancestors().OfType<StatementSyntax>().First(s => s.Parent == body);
        for (var node = replaced.Parent; node is not null && node != body; node = node.Parent)
        {
            if (node is IfStatementSyntax or SwitchStatementSyntax or ConditionalExpressionSyntax or SwitchExpressionSyntax
                or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression or (int)SyntaxKind.LogicalOrExpression or (int)SyntaxKind.CoalesceExpression }
                or ConditionalAccessExpressionSyntax or LambdaExpressionSyntax or WhileStatementSyntax or ForStatementSyntax or ForEachStatementSyntax or TryStatementSyntax)
            {
                return false;
            }
        }

        return !body.Statements.TakeWhile(s => s != statement).Any(s => s.DescendantNodesAndSelf().Any(n => n is ContinueStatementSyntax or BreakStatementSyntax or ReturnStatementSyntax or GotoStatementSyntax or YieldStatementSyntax));
    }

    // The client and the input may use the loop variable and anything from outside the loop, but nothing the loop
    // body declares or assigns: moved before the loop, they must mean the same.
    private static bool ReceiverAndInputAreLoopSafe(SemanticModel model, ForEachStatementSyntax loop, ExpressionSyntax receiver, ExpressionSyntax input, CancellationToken cancellationToken)
    {
        var loopVariable = model.GetDeclaredSymbol(loop, cancellationToken);
        var assignedInLoop = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var node in loop.Statement.DescendantNodes())
        {
            var target = node switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left,
                PostfixUnaryExpressionSyntax postfix => postfix.Operand,
                PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => prefix.Operand,
                _ => null,
            };
            if (target is not null && model.GetSymbolInfo(target, cancellationToken).Symbol is { } symbol)
            {
                assignedInLoop.Add(symbol);
            }
        }

        foreach (var identifier in receiver.DescendantNodesAndSelf().Concat(input.DescendantNodesAndSelf()).OfType<IdentifierNameSyntax>())
        {
            var symbol = model.GetSymbolInfo(identifier, cancellationToken).Symbol;
            if (symbol is null || assignedInLoop.Contains(symbol))
            {
                return false;
            }

            if (symbol is ILocalSymbol local && !SymbolEqualityComparer.Default.Equals(local, loopVariable)
                && local.DeclaringSyntaxReferences.Any(r => loop.Statement.Span.Contains(r.Span)))
            {
                return false;
            }
        }

        return !input.DescendantNodesAndSelf().Any(n => n is AwaitExpressionSyntax or InvocationExpressionSyntax { Expression: IdentifierNameSyntax });
    }

    // Arrays, lists and other materialised collections held in a variable enumerate the same items twice; a query
    // or a method call might not (or might do the work twice).
    private static bool IsReenumerable(SemanticModel model, ExpressionSyntax source, CancellationToken cancellationToken)
    {
        if (source is not (IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax or ThisExpressionSyntax }))
        {
            return false;
        }

        var type = model.GetTypeInfo(source, cancellationToken).Type;
        return type is IArrayTypeSymbol
            || type?.AllInterfaces.Any(i => i.OriginalDefinition.ToDisplayString() is "System.Collections.Generic.IReadOnlyCollection<T>" or "System.Collections.Generic.ICollection<T>") == true;
    }

    private static bool IsInAsyncContext(SyntaxNode node)
        => node.Ancestors().FirstOrDefault(n => n is MethodDeclarationSyntax or LocalFunctionStatementSyntax or LambdaExpressionSyntax or AnonymousMethodExpressionSyntax) switch
        {
            MethodDeclarationSyntax m => m.Modifiers.Any(SyntaxKind.AsyncKeyword),
            LocalFunctionStatementSyntax f => f.Modifiers.Any(SyntaxKind.AsyncKeyword),
            AnonymousFunctionExpressionSyntax a => a.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
            _ => true,
        };

    private static async Task<Document> ApplyAsync(Document document, BatchPlan plan, CancellationToken cancellationToken)
    {
        var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var model = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
        var position = plan.Loop.SpanStart;
        var member = plan.Loop.Ancestors().FirstOrDefault(n => n is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax) ?? root;
        var declared = new HashSet<string>(member.DescendantNodes().Select(n => n switch
        {
            VariableDeclaratorSyntax v => v.Identifier.ValueText,
            ForEachStatementSyntax f => f.Identifier.ValueText,
            SingleVariableDesignationSyntax d => d.Identifier.ValueText,
            ParameterSyntax p => p.Identifier.ValueText,
            _ => null,
        }).OfType<string>());
        var results = UniqueName(model, position, declared, "embeddings");
        var index = UniqueName(model, position, declared, "embeddingIndex");
        var chunk = UniqueName(model, position, declared, "chunk");
        var loopVariable = plan.Loop.Identifier.ValueText;
        var input = plan.Call.ArgumentList.Arguments[0].Expression.WithoutTrivia();
        var elementType = plan.ResultType.ToMinimalDisplayString(model, position);
        var receiver = plan.Receiver.WithoutTrivia().ToString();

        // Each chunk's results come back in input order (OpenAI: one embedding per input, ordered by index).
        var batchCall = $"{receiver}.{plan.BatchMethod}({chunk})";
        var batchResult = plan.IsOpenAI
            ? (plan.IsAsync ? $"(await {batchCall}).Value" : $"{batchCall}.Value")
            : plan.IsVector ? $"(await {batchCall}).Select(embedding => embedding.Vector)" : $"await {batchCall}";
        var selector = input is IdentifierNameSyntax { Identifier.ValueText: var name } && name == loopVariable
            ? plan.Loop.Expression.WithoutTrivia().ToString()
            : $"{plan.Loop.Expression.WithoutTrivia()}.Select({loopVariable} => {input})";
        var prologue = SyntaxFactory.ParseStatement($"var {results} = new System.Collections.Generic.List<{elementType}>();\n");
        var newLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } eol ? eol : SyntaxFactory.EndOfLine("\n");
        var batching = SyntaxFactory.ParseStatement($"foreach (var {chunk} in {selector}.Chunk({ChunkSize}))\n{{\n{results}.AddRange({batchResult});\n}}")
            .WithTrailingTrivia(newLine, newLine);
        var counter = SyntaxFactory.ParseStatement($"var {index} = 0;\n");
        var newLoop = plan.Loop.ReplaceNode(plan.Replaced, SyntaxFactory.ParseExpression($"{results}[{index}++]").WithTriviaFrom(plan.Replaced));
        var block = (BlockSyntax)plan.Loop.Parent!;
        var statements = block.Statements.ReplaceRange(plan.Loop, [
            prologue.WithLeadingTrivia(plan.Loop.GetLeadingTrivia()).WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation),
            batching.WithAdditionalAnnotations(Formatter.Annotation),
            counter.WithAdditionalAnnotations(Formatter.Annotation),
            newLoop,
        ]);
        var newRoot = root.ReplaceNode(block, block.WithStatements(statements));
        if (newRoot is CompilationUnitSyntax unit && !unit.Usings.Any(u => u.Name?.ToString() == "System.Linq"))
        {
            newRoot = unit.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName("System.Linq")).WithAdditionalAnnotations(Formatter.Annotation));
        }

        var changed = document.WithSyntaxRoot(newRoot);
        changed = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(changed, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    // Unique both for what is in scope at the loop and for locals declared anywhere else in the member.
    private static string UniqueName(SemanticModel model, int position, HashSet<string> declared, string name)
    {
        var candidate = name;
        for (var i = 2; !model.LookupSymbols(position, name: candidate).IsEmpty || declared.Contains(candidate); i++)
        {
            candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        declared.Add(candidate);
        return candidate;
    }

    private sealed class BatchPlan(
        ForEachStatementSyntax loop,
        InvocationExpressionSyntax call,
        ExpressionSyntax replaced,
        ExpressionSyntax receiver,
        ITypeSymbol resultType,
        bool isOpenAI,
        bool isAsync,
        bool isVector,
        string batchMethod)
    {
        public ForEachStatementSyntax Loop { get; } = loop;

        public InvocationExpressionSyntax Call { get; } = call;

        public ExpressionSyntax Replaced { get; } = replaced;

        public ExpressionSyntax Receiver { get; } = receiver;

        public ITypeSymbol ResultType { get; } = resultType;

        public bool IsOpenAI { get; } = isOpenAI;

        public bool IsAsync { get; } = isAsync;

        public bool IsVector { get; } = isVector;

        public string BatchMethod { get; } = batchMethod;
    }
}
