namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1403: a caching stage (<c>UseDistributedCache</c> or any <c>Use…Cache…</c> extension) is added to a
/// Microsoft.Extensions.AI pipeline builder where it never takes effect: from inside a factory that runs while
/// <c>Build()</c> iterates the stages it captured, to a builder whose pipeline is never built, or to a builder after
/// its last <c>Build()</c>. The code reads as cached; every request still reaches the model.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ApplyResponseCacheAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.ApplyResponseCache,
        "Add the response cache where the pipeline applies it",
        "'{0}' adds a cache {1}, so it never applies and every request still reaches the model{2}",
        RuleCategories.Caching,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        "ChatClientBuilder and EmbeddingGeneratorBuilder apply the stages registered before Build() runs. A cache added from a stage "
        + "factory, after Build(), or on a builder that is never built is silently not part of the pipeline.",
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.ApplyResponseCache));

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var chatBuilder = compilationContext.Compilation.GetBestTypeByMetadataName("Microsoft.Extensions.AI.ChatClientBuilder");
            var embeddingBuilder = compilationContext.Compilation.GetBestTypeByMetadataName("Microsoft.Extensions.AI.EmbeddingGeneratorBuilder`2");
            if (chatBuilder is null && embeddingBuilder is null)
            {
                return;
            }

            compilationContext.RegisterOperationAction(c => Analyze(c, chatBuilder, embeddingBuilder), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol? chatBuilder, INamedTypeSymbol? embeddingBuilder)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!method.Name.StartsWith("Use", StringComparison.Ordinal)
            || method.Name.IndexOf("Cache", StringComparison.Ordinal) < 0
            || Receiver(invocation) is not { } receiver
            || !IsBuilder(receiver.Type, chatBuilder, embeddingBuilder))
        {
            return;
        }

        var why = InsideStageFactory(invocation, chatBuilder, embeddingBuilder)
            ?? NeverBuilt(invocation, chatBuilder, embeddingBuilder)
            ?? AfterBuild(invocation, receiver);
        if (why is not null)
        {
            context.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, invocation.Syntax.GetLocation(), context.Options, null, null, null, method.Name, why));
        }
    }

    private static IOperation? Receiver(IInvocationOperation invocation) => invocation.Receiver()?.WalkDownImplicitConversions();

    private static bool IsBuilder(ITypeSymbol? type, INamedTypeSymbol? chatBuilder, INamedTypeSymbol? embeddingBuilder)
        => type is not null
            && (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, chatBuilder) || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, embeddingBuilder));

    /// <summary>Inside a lambda passed to a builder's Use(…) or constructor: it runs during Build(), after the stage list was read.</summary>
    private static string? InsideStageFactory(IOperation operation, INamedTypeSymbol? chatBuilder, INamedTypeSymbol? embeddingBuilder)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is not IAnonymousFunctionOperation lambda)
            {
                continue;
            }

            var owner = lambda.Parent;
            while (owner is IDelegateCreationOperation or IConversionOperation)
            {
                owner = owner.Parent;
            }

            var isFactory = owner is IArgumentOperation { Parent: var call }
                && call switch
                {
                    IInvocationOperation { TargetMethod.Name: "Use" } use => IsBuilder(Receiver(use)?.Type, chatBuilder, embeddingBuilder),
                    IObjectCreationOperation creation => IsBuilder(creation.Type, chatBuilder, embeddingBuilder),
                    _ => false,
                };
            if (isFactory)
            {
                return "from inside a pipeline stage factory, which runs while Build() applies the stages it already has";
            }
        }

        return null;
    }

    /// <summary>A statement that starts a fresh builder (AsBuilder(), new …Builder(…)) and discards it without Build().</summary>
    private static string? NeverBuilt(IInvocationOperation invocation, INamedTypeSymbol? chatBuilder, INamedTypeSymbol? embeddingBuilder)
    {
        IOperation top = invocation;
        while (top.Parent is IArgumentOperation { Parent: IInvocationOperation outer } && outer.TargetMethod.IsExtensionMethod && IsBuilder(outer.Type, chatBuilder, embeddingBuilder)
            || top.Parent is IInvocationOperation { Instance: not null } instanceCall && instanceCall.Instance == top && IsBuilder(instanceCall.Type, chatBuilder, embeddingBuilder))
        {
            top = top.Parent is IArgumentOperation argument ? argument.Parent! : top.Parent!;
        }

        if (top.Parent is not IExpressionStatementOperation)
        {
            return null;
        }

        // Walk down to the chain's start.
        var start = Receiver(invocation);
        while (start is IInvocationOperation inner && IsBuilder(inner.Type, chatBuilder, embeddingBuilder) && inner.TargetMethod.Name != "AsBuilder" && Receiver(inner) is { } next)
        {
            start = next;
        }

        var fresh = start is IObjectCreationOperation or IInvocationOperation { TargetMethod.Name: "AsBuilder" };
        return fresh ? "to a pipeline that is never built (the builder is discarded without Build())" : null;
    }

    /// <summary>On a local builder after its last Build() in the same member.</summary>
    private static string? AfterBuild(IInvocationOperation invocation, IOperation receiver)
    {
        if (receiver is not ILocalReferenceOperation local)
        {
            return null;
        }

        IOperation top = invocation;
        while (top.Parent is not null)
        {
            top = top.Parent;
        }

        var builds = top.Descendants()
            .OfType<IInvocationOperation>()
            .Where(b => b.TargetMethod.Name == "Build" && Receiver(b) is ILocalReferenceOperation r && SymbolEqualityComparer.Default.Equals(r.Local, local.Local))
            .Select(b => b.Syntax.SpanStart)
            .ToList();
        if (builds.Count == 0 || builds.Any(start => start > invocation.Syntax.SpanStart))
        {
            return null;
        }

        var line = invocation.Syntax.SyntaxTree.GetLineSpan(new Microsoft.CodeAnalysis.Text.TextSpan(builds.Max(), 0)).StartLinePosition.Line + 1;
        return $"after the pipeline was built (Build() at line {line})";
    }
}
