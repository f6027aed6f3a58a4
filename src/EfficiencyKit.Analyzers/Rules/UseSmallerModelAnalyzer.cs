using System.Collections.Concurrent;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1202: a constant model id that the project's map (or the built-in one) says has a smaller sibling:
/// <c>new ChatClient("gpt-4o", …)</c>, <c>GetChatClient("gpt-4o")</c>, <c>new EmbeddingClient("text-embedding-3-large", …)</c>,
/// <c>GetEmbeddingClient(…)</c>, <c>ModelId = "…"</c> on Microsoft.Extensions.AI options, Semantic Kernel's
/// <c>AddOpenAIChatCompletion(modelId: …)</c> family and OllamaSharp's <c>SelectedModel</c>. The id may come through a
/// configuration fallback (<c>config["Model"] ?? "gpt-4o"</c>, <c>GetValue&lt;string&gt;(key, "gpt-4o")</c>), a local, or a
/// const, readonly field or property initialised with one; it is reported at the literal when that is in the same file
/// (what the fix rewrites), once per literal, naming where it flows. Info: whether the smaller
/// model is good enough is a product decision; the diagnostic makes it a visible one.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UseSmallerModelAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the sibling model id the fix writes.</summary>
    public const string SiblingProperty = "Sibling";

    /// <summary>.editorconfig key: "big:small, …" pairs replacing the built-in map.</summary>
    public const string ModelMapOption = "EK1202.model_map";

    private const string Title = "Use the smaller sibling model where it is good enough";
    private const string Message = "'{0}' has a smaller sibling '{1}'{2}; use it where its quality suffices{3}";
    private const string Description = "Energy per token grows with the number of active parameters. Smaller siblings (gpt-4o-mini, text-embedding-3-small) do most "
        + "classification, extraction, routing and embedding work at a fraction of the energy; keep the large model where evaluations show it is needed.";

    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.UseSmallerModel,
        Title,
        Message,
        RuleCategories.Precision,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        Description,
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.UseSmallerModel));

    /// <summary>
    /// The same rule reported at compilation end: a literal in another member than the call it reaches (a const, a
    /// field or property default). The diagnostic sits at the literal the fix rewrites, which the member analysed at
    /// the call does not contain, so it cannot be a local diagnostic.
    /// </summary>
    internal static readonly DiagnosticDescriptor RemoteLiteralRule = new(
        RuleIdentifiers.UseSmallerModel,
        Title,
        Message,
        RuleCategories.Precision,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        Description,
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.UseSmallerModel),
        WellKnownDiagnosticTags.CompilationEnd);

    private static readonly ImmutableArray<string> s_clientTypes = ImmutableArray.Create("OpenAI.Chat.ChatClient", "OpenAI.Embeddings.EmbeddingClient");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule, RemoteLiteralRule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var compilation = compilationContext.Compilation;
            var clientTypes = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (var name in s_clientTypes)
            {
                if (compilation.GetBestTypeByMetadataName(name) is { } type)
                {
                    clientTypes.Add(type);
                }
            }

            var openAIClient = compilation.GetBestTypeByMetadataName("OpenAI.OpenAIClient");
            var azureClient = compilation.GetBestTypeByMetadataName("Azure.AI.OpenAI.AzureOpenAIClient");
            var clients = clientTypes.ToImmutable();
            var extensionsAI = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.AI.ChatOptions") is not null;

            // Nothing to look at (and no operation trees to build) unless an AI SDK is referenced.
            var semanticKernel = compilation.GetBestTypeByMetadataName("Microsoft.SemanticKernel.Kernel") is not null;
            var ollama = compilation.GetBestTypeByMetadataName("OllamaSharp.OllamaApiClient") is not null;
            if (clients.IsEmpty && openAIClient is null && !extensionsAI && !semanticKernel && !ollama)
            {
                return;
            }

            var state = new State(compilation);
            compilationContext.RegisterOperationAction(c => AnalyzeCreation(c, clients, state), OperationKind.ObjectCreation);
            compilationContext.RegisterOperationAction(c => AnalyzeInvocation(c, openAIClient, azureClient, state), OperationKind.Invocation);
            compilationContext.RegisterOperationAction(c => AnalyzeModelIdAssignment(c, state), OperationKind.SimpleAssignment);
            compilationContext.RegisterCompilationEndAction(c =>
            {
                foreach (var pending in state.Pending.Values.OrderBy(d => d.Order, StringComparer.Ordinal))
                {
                    c.ReportDiagnostic(pending.Diagnostic);
                }
            });
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, ImmutableArray<INamedTypeSymbol> clients, State state)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Type is INamedTypeSymbol type && clients.Any(c => SymbolEqualityComparer.Default.Equals(c, type.OriginalDefinition))
            && creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "model") is { } model)
        {
            Check(context, model.Value, "new " + type.Name, state);
        }
    }

    // OpenAIClient.GetChatClient("gpt-4o"); not on Azure, where the argument is a deployment name, not a model id.
    // Semantic Kernel's registrations (AddOpenAIChatCompletion("gpt-4o", key), AddAzureOpenAIChatCompletion(deployment,
    // …, modelId: "gpt-4o")): only the parameter named modelId, never an Azure deployment name.
    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol? openAIClient, INamedTypeSymbol? azureClient, State state)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (openAIClient is not null && method.Name is "GetChatClient" or "GetEmbeddingClient"
            && invocation.Instance?.Type.InheritsFromOrEquals(openAIClient) == true
            && (azureClient is null || !invocation.Instance.Type.InheritsFromOrEquals(azureClient))
            && invocation.Arguments.Length > 0)
        {
            Check(context, invocation.Arguments[0].Value, method.Name, state);
        }
        else if (method.IsExtensionMethod && method.Name.StartsWith("Add", StringComparison.Ordinal)
            && method.Name.IndexOf("OpenAI", StringComparison.Ordinal) >= 0
            && method.ContainingNamespace?.ToDisplayString() is { } ns
            && (ns.StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal) || ns == "Microsoft.Extensions.DependencyInjection")
            && method.ContainingAssembly?.Name.StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal) == true
            && invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "modelId") is { } modelId)
        {
            Check(context, modelId.Value, method.Name, state);
        }
    }

    // ChatOptions/EmbeddingGenerationOptions { ModelId = "gpt-4o" }, or options.ModelId = "gpt-4o".
    // OllamaSharp: ollama.SelectedModel = "…" (reported when the project's map names the model).
    private static void AnalyzeModelIdAssignment(OperationAnalysisContext context, State state)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "ModelId" or "SelectedModel", ContainingType: { } type } property }
            && type.ContainingNamespace?.ToDisplayString() is { } ns
            && ((property.Name == "ModelId" && ns == "Microsoft.Extensions.AI") || (property.Name == "SelectedModel" && ns.StartsWith("OllamaSharp", StringComparison.Ordinal))))
        {
            Check(context, assignment.Value, property.Name, state);
        }
    }

    private static void Check(OperationAnalysisContext context, IOperation value, string sink, State state)
    {
        if (Resolve(value, state, 0, context.CancellationToken) is not { } found)
        {
            return;
        }

        var map = ModelSiblingMap.Parse(context.Options.GetStringOption(value.Syntax.SyntaxTree, ModelMapOption));
        if (map.SiblingOf(found.Model) is not { } sibling)
        {
            return;
        }

        var direct = found.Literal is null || found.Literal.SyntaxTree == value.Syntax.SyntaxTree && found.Literal.Span.IntersectsWith(value.Syntax.Span);
        if (!direct && state.IsTestProject)
        {
            return; // a fallback in a test project only ever runs in tests
        }

        // At the literal (the fix rewrites it) when it is in this compilation; once however many calls it reaches. A
        // literal outside the member analysed here is reported at compilation end (a non-local diagnostic).
        var atLiteral = found.Literal is not null && state.Compilation.ContainsSyntaxTree(found.Literal.SyntaxTree);
        var location = atLiteral ? found.Literal!.GetLocation() : value.Syntax.GetLocation();
        var line = value.Syntax.GetLocation().GetLineSpan();
        var flow = direct ? string.Empty
            : found.Literal!.SyntaxTree == value.Syntax.SyntaxTree ? $" (the {found.Via} reaches '{sink}' at line {line.StartLinePosition.Line + 1})"
            : $" (the {found.Via} reaches '{sink}' at {System.IO.Path.GetFileName(line.Path)}:{line.StartLinePosition.Line + 1})";
        var properties = atLiteral ? ImmutableDictionary<string, string?>.Empty.Add(SiblingProperty, sibling) : ImmutableDictionary<string, string?>.Empty;
        var local = !atLiteral || context.ContainingSymbol.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == location.SourceTree && r.Span.Contains(location.SourceSpan));
        if (local && !direct && !state.Reported.TryAdd((location.SourceTree!.FilePath, location.SourceSpan), 0))
        {
            return;
        }

        if (local)
        {
            context.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, location, context.Options, null, properties, null, found.Model, sibling, flow));
        }
        else
        {
            // Several calls reach the literal: name the first in source order, whichever the driver analyses first.
            var order = $"{value.Syntax.SyntaxTree.FilePath}:{value.Syntax.SpanStart:D9}";
            var diagnostic = ProfiledDiagnostic.Create(RemoteLiteralRule, location, context.Options, null, properties, null, found.Model, sibling, flow);
            state.Pending.AddOrUpdate(
                (location.SourceTree!.FilePath, location.SourceSpan),
                (order, diagnostic),
                (_, known) => string.CompareOrdinal(order, known.Order) < 0 ? (order, diagnostic) : known);
        }
    }

    // The constant model id a value carries, and the literal that spells it: a constant, a configuration fallback
    // (config["Model"] ?? "gpt-4o", GetValue<string>(key, "gpt-4o")), a local's initializer, or a field or property
    // initialised with one of those (read from syntax, so a member of another part or file costs no semantic model).
    private static Found? Resolve(IOperation value, State state, int depth, CancellationToken cancellationToken)
    {
        value = value.WalkDownImplicitConversions();
        if (depth > 3)
        {
            return null;
        }

        switch (value)
        {
            case ILiteralOperation { ConstantValue: { HasValue: true, Value: string literal } }:
                return new Found(literal, value.Syntax as ExpressionSyntax, depth == 0 ? null : "default");
            case IFieldReferenceOperation { Field: { IsConst: true } field, ConstantValue: { HasValue: true, Value: string constant } }:
                return new Found(constant, MemberLiteral(field, state, cancellationToken) ?? (value.Syntax as ExpressionSyntax), $"constant '{field.Name}'");
            case ILocalReferenceOperation { Local: { IsConst: true } constLocal, ConstantValue: { HasValue: true, Value: string localConstant } }:
                return new Found(localConstant, MemberLiteral(constLocal, state, cancellationToken) ?? (value.Syntax as ExpressionSyntax), $"constant '{constLocal.Name}'");
            case { ConstantValue: { HasValue: true, Value: string other } }:
                return new Found(other, null, null);
            case ICoalesceOperation coalesce when Resolve(coalesce.WhenNull, state, depth + 1, cancellationToken) is { } fallback:
                return fallback.WithVia("configuration fallback");
            case IInvocationOperation { TargetMethod: { Name: "GetValue", ContainingType.Name: "ConfigurationBinder" } } getValue
                when getValue.Arguments.FirstOrDefault(a => a.Parameter?.Name == "defaultValue") is { ArgumentKind: ArgumentKind.Explicit } defaultValue
                    && Resolve(defaultValue.Value, state, depth + 1, cancellationToken) is { } configured:
                return configured.WithVia("configuration fallback");
            case ILocalReferenceOperation local when local.Local.DeclaredInitializer(value, cancellationToken) is { } initial
                && Resolve(initial, state, depth + 1, cancellationToken) is { } fromLocal:
                return fromLocal.WithVia(fromLocal.Via ?? $"initial value of '{local.Local.Name}'");
            case IFieldReferenceOperation { Field: { } member } when member.IsReadOnly || !state.IsAssignedElsewhere(member, cancellationToken):
                return FromMember(member, state, cancellationToken);
            case IPropertyReferenceOperation { Property: { IsIndexer: false } member } when member.SetMethod is null or { IsInitOnly: true } || !state.IsAssignedElsewhere(member, cancellationToken):
                return FromMember(member, state, cancellationToken);
        }

        return null;
    }

    private static Found? FromMember(ISymbol member, State state, CancellationToken cancellationToken)
    {
        if (MemberInitializer(member, state, cancellationToken) is not { } initializer)
        {
            return null;
        }

        while (initializer is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } or ParenthesizedExpressionSyntax)
        {
            initializer = initializer is PostfixUnaryExpressionSyntax postfix ? postfix.Operand : ((ParenthesizedExpressionSyntax)initializer).Expression;
        }

        var literal = initializer switch
        {
            LiteralExpressionSyntax l => l,
            BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression, Right: LiteralExpressionSyntax l } => l,
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetValue" } or GenericNameSyntax { Identifier.ValueText: "GetValue" }, ArgumentList.Arguments: { Count: 2 } arguments }
                when arguments[1].Expression is LiteralExpressionSyntax l => l,
            _ => null,
        };
        if (literal is null || !literal.IsKind(SyntaxKind.StringLiteralExpression))
        {
            return null;
        }

        var via = initializer is LiteralExpressionSyntax ? $"initial value of '{member.Name}'" : $"configuration fallback of '{member.Name}'";
        return new Found(literal.Token.ValueText, literal, via);
    }

    private static LiteralExpressionSyntax? MemberLiteral(ISymbol member, State state, CancellationToken cancellationToken)
        => MemberInitializer(member, state, cancellationToken) as LiteralExpressionSyntax;

    // The initializer or expression body of a source field, property or const local in this compilation.
    private static ExpressionSyntax? MemberInitializer(ISymbol member, State state, CancellationToken cancellationToken)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            if (!state.Compilation.ContainsSyntaxTree(reference.SyntaxTree))
            {
                continue;
            }

            switch (reference.GetSyntax(cancellationToken))
            {
                case VariableDeclaratorSyntax { Initializer.Value: { } value }:
                    return value;
                case PropertyDeclarationSyntax { Initializer.Value: { } value }:
                    return value;
                case PropertyDeclarationSyntax { ExpressionBody.Expression: { } value }:
                    return value;
            }
        }

        return null;
    }

    private sealed class Found(string model, ExpressionSyntax? literal, string? via)
    {
        public string Model { get; } = model;

        public ExpressionSyntax? Literal { get; } = literal;

        public string? Via { get; } = via;

        public Found WithVia(string? via) => new(Model, Literal, via);
    }

    /// <summary>Per compilation: literals already reported, and which mutable members are written outside their initializer.</summary>
    private sealed class State(Compilation compilation)
    {
        private readonly ConcurrentDictionary<ISymbol, bool> _assigned = new(SymbolEqualityComparer.Default);
        private readonly Lazy<bool> _isTest = new(compilation.IsTestProject);

        public Compilation Compilation { get; } = compilation;

        /// <summary>Compilation-end diagnostics by literal: one per literal, however many calls it reaches.</summary>
        public ConcurrentDictionary<(string Path, Microsoft.CodeAnalysis.Text.TextSpan Span), (string Order, Diagnostic Diagnostic)> Pending { get; } = new();

        /// <summary>Local diagnostics at a literal that reaches several calls of one member: reported once.</summary>
        public ConcurrentDictionary<(string Path, Microsoft.CodeAnalysis.Text.TextSpan Span), byte> Reported { get; } = new();

        public bool IsTestProject => _isTest.Value;

        // Assignments to the member's name anywhere in its type's syntax (constructors, Configure methods): then its
        // initializer is only a placeholder. Object initializers and configuration binding are not seen, and count as
        // a default the configuration may override: the literal is still the model used when it does not.
        public bool IsAssignedElsewhere(ISymbol member, CancellationToken cancellationToken)
            => _assigned.GetOrAdd(member, m => m.ContainingType.DeclaringSyntaxReferences.Any(d => d.GetSyntax(cancellationToken).DescendantNodes().OfType<AssignmentExpressionSyntax>()
                .Any(a => a.Left switch
                {
                    IdentifierNameSyntax name => name.Identifier.ValueText == m.Name,
                    MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText == m.Name,
                    _ => false,
                })));
    }
}
