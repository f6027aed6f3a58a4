namespace EfficiencyKit.CodeFixes.Rules;

/// <summary>
/// EK1206 fix: adds <c>options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0")</c> (and the inter-op key in
/// parallel mode) after the declaration of the SessionOptions local the session is created with; when the session is created
/// without options in a statement, declares <c>using var sessionOptions = new SessionOptions();</c> with the entries before
/// it and passes it (ONNX Runtime copies the options into the session, so disposing them afterwards is safe). Options
/// created inline or in an initializer get no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DisableIdleSpinningFixer))]
[Shared]
public sealed class DisableIdleSpinningFixer() : SemanticRuleFixer(RuleIdentifiers.DisableIdleSpinning)
{
    private const string OptionsName = "sessionOptions";

    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (FindNode(root, diagnostic) is not BaseObjectCreationExpressionSyntax { ArgumentList: { } arguments } creation)
        {
            return;
        }

        var keys = Keys(diagnostic);
        var optionsArgument = arguments.Arguments.FirstOrDefault(a => model.GetTypeInfo(a.Expression, context.CancellationToken).Type?.Name == "SessionOptions");
        SyntaxNode? newRoot = null;
        if (optionsArgument?.Expression is IdentifierNameSyntax identifier
            && model.GetSymbolInfo(identifier, context.CancellationToken).Symbol is ILocalSymbol local
            && local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(context.CancellationToken).FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { Parent: BlockSyntax block } declaration)
        {
            var statements = keys.Select(k => Entry(local.Name, k, declaration));
            newRoot = root.ReplaceNode(block, block.WithStatements(block.Statements.InsertRange(block.Statements.IndexOf(declaration) + 1, statements)));
        }
        else if (optionsArgument is null && arguments.Arguments.Count == 1
            && creation.FirstAncestorOrSelf<StatementSyntax>() is { Parent: BlockSyntax outer } statement
            && !model.LookupSymbols(creation.SpanStart, name: OptionsName).Any())
        {
            // "SessionOptions" where that name means ONNX Runtime's type here, else fully qualified.
            var typeName = model.GetSpeculativeSymbolInfo(creation.SpanStart, SyntaxFactory.ParseTypeName("SessionOptions"), SpeculativeBindingOption.BindAsTypeOrNamespace).Symbol is INamedTypeSymbol { ContainingNamespace.Name: "OnnxRuntime" }
                ? "SessionOptions"
                : "Microsoft.ML.OnnxRuntime.SessionOptions";
            var declare = Statement($"using var {OptionsName} = new {typeName}();", statement).WithLeadingTrivia(statement.GetLeadingTrivia());
            var newStatement = statement.ReplaceNode(creation, creation.WithArgumentList(arguments.AddArguments(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(OptionsName)))))
                .WithLeadingTrivia(Indentation(statement));
            var index = outer.Statements.IndexOf(statement);
            var replaced = outer.Statements.RemoveAt(index).InsertRange(index, [declare, .. keys.Select(k => Entry(OptionsName, k, statement)), newStatement]);
            newRoot = root.ReplaceNode(outer, outer.WithStatements(replaced));
        }

        if (newRoot is not null)
        {
            context.RegisterCodeFix(
                CodeAction.Create("Turn off thread spinning between runs", _ => Task.FromResult(context.Document.WithSyntaxRoot(newRoot)), RuleIdentifiers.DisableIdleSpinning),
                diagnostic);
        }
    }

    private static List<string> Keys(Diagnostic diagnostic)
    {
        var keys = new List<string>();
        if (diagnostic.Properties.TryGetValue(DisableIdleSpinningAnalyzer.IntraOpProperty, out var intra) && intra == "true")
        {
            keys.Add("session.intra_op.allow_spinning");
        }

        if (diagnostic.Properties.TryGetValue(DisableIdleSpinningAnalyzer.InterOpProperty, out var inter) && inter == "true")
        {
            keys.Add("session.inter_op.allow_spinning");
        }

        return keys;
    }

    private static StatementSyntax Entry(string options, string key, StatementSyntax beside)
        => Statement($"{options}.AddSessionConfigEntry(\"{key}\", \"0\");", beside);

    // A new statement on its own line, indented like the statement it goes beside.
    private static StatementSyntax Statement(string text, StatementSyntax beside)
        => SyntaxFactory.ParseStatement(text).WithLeadingTrivia(Indentation(beside)).WithTrailingTrivia(beside.GetTrailingTrivia());

    private static SyntaxTriviaList Indentation(StatementSyntax statement)
        => statement.GetLeadingTrivia().LastOrDefault() is { RawKind: (int)SyntaxKind.WhitespaceTrivia } whitespace ? SyntaxFactory.TriviaList(whitespace) : SyntaxFactory.TriviaList();
}
