namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1401: a chat or embedding request inside a loop whose inputs do not change from one iteration to the next, so
/// the model computes the same answer again on every iteration. EK1402: one method embeds the same input twice.
/// Both are Info: a repeated request is sometimes deliberate (several samples of a non-deterministic answer), so
/// those shapes are left out (results collected per iteration, retry and polling loops).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CacheRepeatedRequestsAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor LoopInvariantRule = new(
        RuleIdentifiers.HoistLoopInvariantRequest,
        "Do not send the same model request on every loop iteration",
        "'{0}' sends the same request{2} on every iteration of this '{1}' loop (none of its inputs change inside the loop); call it once before the loop or cache the response{3}",
        RuleCategories.Caching,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        "A request whose prompt or input is loop-invariant makes the model recompute an identical answer on every iteration. "
        + "Hoist the call out of the loop, or put a response cache (Microsoft.Extensions.AI UseDistributedCache) in the pipeline.",
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.HoistLoopInvariantRequest));

    /// <summary>
    /// The same rule across requests: code that runs on every request embeds a corpus that does not change between
    /// requests (files read from disk, a constant or static readonly list).
    /// </summary>
    internal static readonly DiagnosticDescriptor PerRequestCorpusRule = new(
        RuleIdentifiers.HoistLoopInvariantRequest,
        "Do not send the same model request on every loop iteration",
        "'{0}' embeds {1} again ({2}), although they do not change between requests; embed them once at startup (a hosted service, Lazy or a static) or cache the vectors by content hash{3}",
        RuleCategories.Caching,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        "Re-embedding an unchanged corpus on every request repeats the same requests for vectors the program already computed. "
        + "Embed it once at startup, or keep the vectors in a cache keyed by the content's hash.",
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.HoistLoopInvariantRequest));

    /// <summary>
    /// The same rule across requests: code that runs on every request sends a request whose input is fixed (no value
    /// of the request flows into it), with no cache in sight.
    /// </summary>
    internal static readonly DiagnosticDescriptor ConstantPromptRule = new(
        RuleIdentifiers.HoistLoopInvariantRequest,
        "Do not send the same model request on every loop iteration",
        "'{0}' sends the same request ({1}): no value of the request flows into its input; ask once and keep the answer (a static, Lazy or IMemoryCache) or cache responses (UseDistributedCache, CacheOutput){2}",
        RuleCategories.Caching,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        "A request with a fixed prompt in a request handler makes the model compute the same answer for every request. "
        + "Ask once and keep the answer, or cache responses.",
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.HoistLoopInvariantRequest));

    internal static readonly DiagnosticDescriptor DuplicateEmbeddingRule = new(
        RuleIdentifiers.ReuseEmbedding,
        "Reuse an embedding instead of generating it again",
        "{0} embeds '{1}' again: this method already embedded the same input at line {2}; reuse that vector{3}",
        RuleCategories.Caching,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        "Embeddings are deterministic for a given model and input: embedding the same text twice costs a second request for the same vector.",
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.ReuseEmbedding));

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(LoopInvariantRule, PerRequestCorpusRule, ConstantPromptRule, DuplicateEmbeddingRule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var requests = new AiRequestKinds(compilationContext.Compilation);
            if (!requests.Any)
            {
                return;
            }

            var helpers = new HelperRequests(compilationContext.Compilation, requests);
            var types = new Lazy<ExecutionContextTypes>(() => new ExecutionContextTypes(compilationContext.Compilation), LazyThreadSafetyMode.ExecutionAndPublication);
            var constantPrompts = new ConstantPromptRequests(compilationContext.Compilation);
            compilationContext.RegisterOperationAction(
                c =>
                {
                    if (!AnalyzePerRequestCorpus(c, requests, types) && !AnalyzeConstantPrompt(c, requests, types, constantPrompts))
                    {
                        AnalyzeLoopInvariant(c, requests, helpers);
                    }
                },
                OperationKind.Invocation);
            var embeddedParameters = new EmbeddedParameters(compilationContext.Compilation, requests);
            compilationContext.RegisterOperationBlockStartAction(blockContext =>
            {
                // Pairing needs a single-input embedding call in the body. The driver's own walk over the body's operations
                // tells whether there is one, so a body with none (nearly all) costs one check per call, not a walk of ours.
                var embeds = false;
                blockContext.RegisterOperationAction(c => embeds |= requests.IsSingleEmbedding(((IInvocationOperation)c.Operation).TargetMethod), OperationKind.Invocation);
                blockContext.RegisterOperationBlockEndAction(c =>
                {
                    if (embeds)
                    {
                        AnalyzeDuplicateEmbeddings(c, requests, embeddedParameters);
                    }
                });
            });
        });
    }

    private static void AnalyzeLoopInvariant(OperationAnalysisContext context, AiRequestKinds requests, HelperRequests helpers)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var isChat = requests.IsChat(method);
        if (!isChat && !requests.IsEmbedding(method))
        {
            AnalyzeHelperCall(context, invocation, helpers);
            return;
        }

        if (EnclosingLoop(invocation) is not { } loop
            || IsRetryOrPolling(loop, invocation)
            || (isChat && IsCollectedPerIteration(invocation)))
        {
            return;
        }

        var invariance = new LoopInvariance(loop);
        var receiver = invocation.Receiver();
        if (receiver is null || !invariance.IsInvariant(receiver, invocation) || !invocation.RequestInputs().All(a => invariance.IsInvariant(a.Value, invocation)))
        {
            return;
        }

        context.ReportDiagnostic(ProfiledDiagnostic.Create(LoopInvariantRule, invocation.Syntax.GetLocation(), context.Options, null, null, null, method.Name, Keyword(loop), string.Empty));
    }

    /// <summary>
    /// Caching across requests: an embedding of an unchanged corpus (files, a constant or static readonly list) in
    /// code that runs on every request, with no lookup that would skip what is already embedded. True when reported.
    /// </summary>
    private static bool AnalyzePerRequestCorpus(OperationAnalysisContext context, AiRequestKinds requests, Lazy<ExecutionContextTypes> types)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!requests.IsEmbedding(invocation.TargetMethod)
            || PerRequestCorpus.FindCorpus(invocation, context.CancellationToken) is not { } corpus
            || PerRequestCorpus.HasSkipCheck(invocation)
            || PerRequestCorpus.PerRequest(corpus.Anchor, context.ContainingSymbol, context.Compilation, types.Value, context.CancellationToken) is not { } when)
        {
            return false;
        }

        context.ReportDiagnostic(ProfiledDiagnostic.Create(PerRequestCorpusRule, invocation.Syntax.GetLocation(), context.Options, null, null, null, invocation.TargetMethod.Name, corpus.Corpus, when));
        return true;
    }

    /// <summary>
    /// Caching across requests: a request with a fixed input in code that runs on every request (a handler, or a
    /// method a handler calls), with no cache in sight. True when reported.
    /// </summary>
    private static bool AnalyzeConstantPrompt(OperationAnalysisContext context, AiRequestKinds requests, Lazy<ExecutionContextTypes> types, ConstantPromptRequests constantPrompts)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if ((!requests.IsChat(method) && !requests.IsEmbedding(method))
            || invocation.Receiver() is null
            || !ConstantPromptRequests.AreFixed(invocation.RequestInputs())
            || PerRequestCorpus.PerRequest(invocation, context.ContainingSymbol, context.Compilation, types.Value, context.CancellationToken) is not { } when
            || (context.ContainingSymbol is IMethodSymbol handler && HasCacheAttribute(handler))
            || !constantPrompts.IsUncached(invocation, EndpointMapping(invocation)))
        {
            return false;
        }

        context.ReportDiagnostic(ProfiledDiagnostic.Create(ConstantPromptRule, invocation.Syntax.GetLocation(), context.Options, null, null, null, method.Name, when));
        return true;
    }

    private static bool HasCacheAttribute(IMethodSymbol method)
        => method.GetAttributes().Concat(method.ContainingType?.GetAttributes() ?? ImmutableArray<AttributeData>.Empty)
            .Any(a => a.AttributeClass?.Name is "OutputCacheAttribute" or "ResponseCacheAttribute");

    // The app.MapGet(...) call whose lambda holds the request, if any.
    private static IOperation? EndpointMapping(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation)
            {
                for (var outer = parent.Parent; outer is not null; outer = outer.Parent)
                {
                    if (outer is IInvocationOperation mapping)
                    {
                        return mapping;
                    }

                    if (outer is not (IDelegateCreationOperation or IConversionOperation or IArgumentOperation))
                    {
                        return null;
                    }
                }

                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// One method boundary: a loop calls a method of this compilation that sends a request whose inputs are only its
    /// parameters, constants and readonly values, and the loop passes the same values to those parameters every time
    /// (<c>foreach (var input in inputs) await ClassifyAsync(input, labels);</c> re-embeds <c>labels</c> each time).
    /// </summary>
    private static void AnalyzeHelperCall(OperationAnalysisContext context, IInvocationOperation invocation, HelperRequests helpers)
    {
        if (!helpers.IsCandidate(invocation.TargetMethod)
            || EnclosingLoop(invocation) is not { } loop
            || helpers.Find(invocation.TargetMethod.OriginalDefinition, context.CancellationToken) is not { IsEmpty: false } candidates
            || IsRetryOrPolling(loop, invocation))
        {
            return;
        }

        var invariance = new LoopInvariance(loop);
        if (invocation.Instance is { } instance && instance is not IInstanceReferenceOperation && !invariance.IsInvariant(instance, invocation))
        {
            return;
        }

        var request = candidates.FirstOrDefault(r => !(r.IsChat && IsCollectedPerIteration(invocation))
            && r.Parameters.All(ordinal => invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal) is { } argument
                && (argument.ArgumentKind == ArgumentKind.DefaultValue || invariance.IsInvariant(argument.Value, invocation))));
        if (request is null)
        {
            return;
        }

        var detail = $" ('{request.Call}' inside it{(request.Parameters.IsEmpty ? string.Empty : " on " + string.Join(", ", request.Parameters.Select(o => "'" + invocation.TargetMethod.Parameters[o].Name + "'")))})";
        context.ReportDiagnostic(ProfiledDiagnostic.Create(LoopInvariantRule, invocation.Syntax.GetLocation(), context.Options, null, null, null, invocation.TargetMethod.Name, Keyword(loop), detail));
    }

    /// <summary>The loop whose body runs the call directly (not through a lambda or local function, whose timing we cannot see).</summary>
    private static ILoopOperation? EnclosingLoop(IOperation operation)
    {
        for (var (child, parent) = (operation, operation.Parent); parent is not null; (child, parent) = (parent, parent.Parent))
        {
            switch (parent)
            {
                case IForEachLoopOperation forEach when forEach.Collection == child:
                    return null;
                case IForLoopOperation forLoop when forLoop.Before.Contains(child):
                    return null;
                case ILoopOperation loop:
                    return loop;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// Retry (the call inside try, or the loop left on success), polling (a delay in the loop) and first-success loops
    /// repeat an identical request on purpose.
    /// </summary>
    private static bool IsRetryOrPolling(ILoopOperation loop, IOperation call)
        => (RetryLoop.Signals(loop, call) & (RetrySignals.Leaves | RetrySignals.TriesCall | RetrySignals.Waits)) != 0;

    /// <summary>Answers added to a list or stored per index are several samples of one prompt, collected deliberately.</summary>
    private static bool IsCollectedPerIteration(IOperation call)
    {
        var current = call;
        while (current.Parent is IAwaitOperation or IConversionOperation or IPropertyReferenceOperation or IInvocationOperation { TargetMethod.Name: "ConfigureAwait" })
        {
            current = current.Parent;
        }

        return current.Parent switch
        {
            IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Add" or "Enqueue" or "Push" or "TryAdd" } } => true,
            ISimpleAssignmentOperation { Target: IArrayElementReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: true } } => true,
            _ => false,
        };
    }

    private static string Keyword(ILoopOperation loop) => loop switch
    {
        IForEachLoopOperation { IsAsynchronous: true } => "await foreach",
        IForEachLoopOperation => "foreach",
        IForLoopOperation => "for",
        IWhileLoopOperation { ConditionIsTop: false } => "do",
        _ => "while",
    };

    private static void AnalyzeDuplicateEmbeddings(OperationBlockAnalysisContext context, AiRequestKinds requests, EmbeddedParameters embeddedParameters)
    {
        // Only bodies with a single-input embedding call come here (a second one, or a helper call that embeds the same value, pairs with it).
        var embeddings = context.OperationBlocks.SelectMany(b => b.DescendantsAndSelf())
            .OfType<IInvocationOperation>()
            .Where(i => requests.IsSingleEmbedding(i.TargetMethod))
            .ToList();
        if (embeddings.Count == 0)
        {
            return;
        }

        var seen = new Dictionary<(ISymbol? Receiver, object Input), IInvocationOperation>();
        var all = context.OperationBlocks.SelectMany(b => b.DescendantsAndSelf()).ToList();
        // Helpers of this compilation (one level of caller and callee) are looked into only here, where the body embeds something itself.
        var invocations = all.OfType<IInvocationOperation>().Where(i => embeddings.Contains(i) || embeddedParameters.IsCandidate(i.TargetMethod));
        foreach (var invocation in invocations.OrderBy(i => i.Syntax.SpanStart).ToList())
        {
            var method = invocation.TargetMethod;
            if (!requests.IsSingleEmbedding(method))
            {
                if (!IsRepeated(invocation))
                {
                    AnalyzeHelperEmbedding(context, invocation, embeddedParameters, seen, all);
                }

                continue;
            }

            if (IsRepeated(invocation))
            {
                continue;
            }

            var receiver = invocation.Receiver();
            var inputArgument = invocation.RequestInputs().FirstOrDefault();
            if (receiver is null || inputArgument is null
                || Variable(receiver) is not { } receiverSymbol
                || Input(inputArgument.Value, all) is not { } input)
            {
                continue;
            }

            var key = (receiverSymbol, input);
            if (seen.TryGetValue(key, out var first))
            {
                var line = first.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                context.ReportDiagnostic(ProfiledDiagnostic.Create(
                    DuplicateEmbeddingRule, invocation.Syntax.GetLocation(), context.Options, null, null, new[] { first.Syntax.GetLocation() },
                    $"'{method.Name}'", inputArgument.Value.Syntax.ToString(), line));
            }
            else
            {
                seen[key] = invocation;
            }
        }
    }

    /// <summary>
    /// One level of caller and callee: a call of a method of this compilation that embeds, as it is, a value this
    /// method embeds too (before or after the call), with the same client.
    /// </summary>
    private static void AnalyzeHelperEmbedding(
        OperationBlockAnalysisContext context,
        IInvocationOperation call,
        EmbeddedParameters embeddedParameters,
        Dictionary<(ISymbol? Receiver, object Input), IInvocationOperation> seen,
        List<IOperation> all)
    {
        // A cheap check before summarising the helper: some argument is a constant or an unassigned local or parameter.
        if (!call.Arguments.Any(a => Input(a.Value, all) is not null))
        {
            return;
        }

        var sameObject = call.Instance is null or IInstanceReferenceOperation;
        foreach (var entry in embeddedParameters.Find(call.TargetMethod, context.CancellationToken))
        {
            var argument = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == entry.Parameter);
            ISymbol? receiver = entry.Client is not null
                ? (sameObject ? entry.Client : null)
                : call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == entry.ClientParameter) is { } client ? Variable(client.Value) : null;
            if (argument is null || argument.ArgumentKind == ArgumentKind.DefaultValue || receiver is null || Input(argument.Value, all) is not { } input)
            {
                continue;
            }

            var key = (receiver, input);
            if (seen.TryGetValue(key, out var first))
            {
                var line = first.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                context.ReportDiagnostic(ProfiledDiagnostic.Create(
                    DuplicateEmbeddingRule, call.Syntax.GetLocation(), context.Options, null, null, new[] { first.Syntax.GetLocation() },
                    $"'{call.TargetMethod.Name}' (through '{entry.Call}' inside it)", argument.Value.Syntax.ToString(), line));
                return;
            }

            seen[key] = call;
        }
    }

    /// <summary>Calls in loops and lambdas run a number of times we cannot pair up; EK1401 and EK1101 cover loops.</summary>
    private static bool IsRepeated(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is ILoopOperation or IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A constant, or a local or parameter that the method never writes after its declaration.</summary>
    private static object? Input(IOperation operation, List<IOperation> all)
    {
        operation = operation.WalkDownImplicitConversions();
        if (operation.ConstantValue is { HasValue: true, Value: { } constant })
        {
            return constant;
        }

        var symbol = Variable(operation);
        var written = symbol is not null && all.Any(o => o switch
        {
            IAssignmentOperation assignment => SymbolEqualityComparer.Default.Equals(Variable(assignment.Target), symbol),
            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => SymbolEqualityComparer.Default.Equals(Variable(argument.Value), symbol),
            _ => false,
        });
        return symbol is ILocalSymbol or IParameterSymbol && !written ? symbol : null;
    }

    private static ISymbol? Variable(IOperation operation) => operation.WalkDownImplicitConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation { Field.IsReadOnly: true } field => field.Field,
        _ => null,
    };
}
