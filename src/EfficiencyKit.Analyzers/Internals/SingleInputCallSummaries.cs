using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using EfficiencyKit.Analyzers.Rules;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// One method boundary for the batching rules: whether a method of the compilation makes one single-input AI call
/// each time it runs (an embedding of one input, a batch API fed one item, an ONNX Runtime <c>Run</c> on a batch of
/// one, a POST to an embeddings endpoint), directly or through the methods it calls (interface calls included, to
/// the implementations in this compilation). Shared by EK1101 and EK1102 and cached per compilation; a method is
/// summarised only when a loop or per-item lambda calls it, and at most once.
/// </summary>
internal sealed class SingleInputCallSummaries
{
    private const int MaxDepth = 8;
    private const int MaxUrlDepth = 3;
    private const string EmbeddingsPost = "a POST to an embeddings endpoint";

    private static readonly ConditionalWeakTable<Compilation, SingleInputCallSummaries> Instances = new();

    private readonly Compilation _compilation;
    private readonly AiReachIndex _reach;
    private readonly AiRequestKinds _requests;
    private readonly ExecutionContextTypes _executionTypes;
    private readonly INamedTypeSymbol? _session;
    private readonly INamedTypeSymbol? _denseTensor;
    private readonly INamedTypeSymbol? _ortValue;
    private readonly INamedTypeSymbol? _httpClient;
    private readonly INamedTypeSymbol? _httpClientJson;
    private readonly INamedTypeSymbol? _httpRequestMessage;
    private readonly INamedTypeSymbol? _uri;
    private readonly INamedTypeSymbol? _ollamaClient;
    private readonly INamedTypeSymbol? _ollamaExtensions;
    private readonly INamedTypeSymbol? _kernelEmbeddingService;
    private readonly INamedTypeSymbol? _vectorStoreCollection;
    private readonly INamedTypeSymbol? _vectorAttribute;
    private readonly ConcurrentDictionary<IMethodSymbol, MethodAiFacts> _facts = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, MethodAiFacts> _resolved = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<IMethodSymbol>> _implementations = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, bool> _embeddingsMembers = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _batchSiblings = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<(string Type, string Method, int Arguments), IMethodSymbol?> _missingTypeImplementations = new();
    private readonly Lazy<ImmutableArray<INamedTypeSymbol>> _sourceTypes;

    // The source classes and structs by each interface and base class they derive from (original definitions): the
    // only types that can implement or override a member of it.
    private readonly Lazy<Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>> _derivedTypes;
    private readonly Lazy<ImmutableHashSet<string>> _sourceMemberNames;

    private SingleInputCallSummaries(Compilation compilation)
    {
        _compilation = compilation;
        _reach = AiReachIndex.For(compilation);
        _requests = new AiRequestKinds(compilation);
        _executionTypes = new ExecutionContextTypes(compilation);
        _session = compilation.GetBestTypeByMetadataName(ModelLoadSite.InferenceSessionType);
        _denseTensor = compilation.GetBestTypeByMetadataName("Microsoft.ML.OnnxRuntime.Tensors.DenseTensor`1");
        _ortValue = compilation.GetBestTypeByMetadataName("Microsoft.ML.OnnxRuntime.OrtValue");
        _httpClient = compilation.GetBestTypeByMetadataName("System.Net.Http.HttpClient");
        _httpClientJson = compilation.GetBestTypeByMetadataName("System.Net.Http.Json.HttpClientJsonExtensions");
        _httpRequestMessage = compilation.GetBestTypeByMetadataName("System.Net.Http.HttpRequestMessage");
        _uri = compilation.GetBestTypeByMetadataName("System.Uri");
        _ollamaClient = compilation.GetBestTypeByMetadataName("OllamaSharp.IOllamaApiClient");
        _ollamaExtensions = compilation.GetBestTypeByMetadataName("OllamaSharp.OllamaApiClientExtensions");
        _kernelEmbeddingService = compilation.GetBestTypeByMetadataName("Microsoft.SemanticKernel.Embeddings.IEmbeddingGenerationService`2");
        _vectorStoreCollection = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.VectorData.VectorStoreCollection`2");
        _vectorAttribute = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.VectorData.VectorStoreVectorAttribute");
        _sourceTypes = new Lazy<ImmutableArray<INamedTypeSymbol>>(() => CollectSourceTypes(compilation.Assembly.GlobalNamespace), LazyThreadSafetyMode.ExecutionAndPublication);
        _derivedTypes = new Lazy<Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>>(() => IndexDerivedTypes(_sourceTypes.Value), LazyThreadSafetyMode.ExecutionAndPublication);
        _sourceMemberNames = new Lazy<ImmutableHashSet<string>>(() => _sourceTypes.Value.SelectMany(t => t.MemberNames).ToImmutableHashSet(StringComparer.Ordinal), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public static SingleInputCallSummaries For(Compilation compilation) => Instances.GetValue(compilation, c => new SingleInputCallSummaries(c));

    /// <summary>
    /// The single-input AI call a call to a method of this compilation makes each time it runs, or null. The caller's
    /// arguments count: a helper that posts to the URL it is given makes an embedding request when given an
    /// embeddings endpoint.
    /// </summary>
    public SingleInputCall? Find(IOperation call, IMethodSymbol callee, CancellationToken cancellationToken)
    {
        // Syntax first: no method of this name (the callee, or an implementation or override of it) names an AI or
        // HTTP request API, directly or through the methods it names, so none of their bodies need binding.
        if (!_reach.MayReach(callee.Name))
        {
            return null;
        }

        foreach (var target in Targets(callee))
        {
            var summary = Resolve(target, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), cancellationToken);
            if (summary.Own is { } found)
            {
                return found;
            }

            foreach (var ordinal in summary.UrlParameters)
            {
                var argument = (call as IInvocationOperation)?.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal);
                if (argument is not null && ClassifyUrl(argument.Value, null, 0, cancellationToken).IsEmbeddingsEndpoint)
                {
                    return new SingleInputCall(SingleInputCallKind.Embedding, EmbeddingsPost);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The method of this compilation a call runs (its original definition), or null. A call that did not bind because
    /// an argument's type is unresolved (a package outside the build) still names its one candidate: follow it. One whose
    /// receiver's type is unresolved has no candidate; it is followed to the one method of that name and argument count
    /// declared by a source type that implements or derives from a type of the same unresolved name.
    /// </summary>
    public IMethodSymbol? Callee(IOperation call)
    {
        var method = call switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IInvalidOperation { Syntax: InvocationExpressionSyntax syntax, SemanticModel: { } model } when NamesSourceMember(syntax) => UnboundCallee(syntax, model),
            _ => null,
        };
        return method is not null && IsSourceMethod(method.OriginalDefinition) ? method.OriginalDefinition : null;
    }

    private IMethodSymbol? UnboundCallee(InvocationExpressionSyntax syntax, SemanticModel model)
    {
        var candidates = model.GetSymbolInfo(syntax).CandidateSymbols;
        if (!candidates.IsEmpty)
        {
            return candidates.Length == 1 ? candidates[0] as IMethodSymbol : null;
        }

        // _embedder.EmbedAsync(item.Text) where IEmbedder comes from a package outside the build, and the project's own
        // OpenAIEmbedder : IEmbedder is the one implementation with a fitting EmbedAsync.
        return syntax.Expression is MemberAccessExpressionSyntax access
            && model.GetTypeInfo(access.Expression).Type is IErrorTypeSymbol { Name.Length: > 0 } missing
            ? _missingTypeImplementations.GetOrAdd((missing.Name, access.Name.Identifier.ValueText, syntax.ArgumentList.Arguments.Count), ImplementationOfMissingType)
            : null;
    }

    private IMethodSymbol? ImplementationOfMissingType((string Type, string Method, int Arguments) call)
    {
        IMethodSymbol? found = null;
        foreach (var type in _sourceTypes.Value)
        {
            if (!DerivesFromMissingType(type, call.Type))
            {
                continue;
            }

            foreach (var member in type.GetMembers(call.Method))
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false, IsAbstract: false } method && method.AcceptsArgumentCount(call.Arguments))
                {
                    if (found is not null)
                    {
                        // Two implementations: which one runs is not known.
                        return null;
                    }

                    found = method.OriginalDefinition;
                }
            }
        }

        return found;
    }

    private static bool DerivesFromMissingType(INamedTypeSymbol type, string missingName)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (current is IErrorTypeSymbol && current.Name == missingName)
            {
                return true;
            }

            foreach (var @interface in current.Interfaces)
            {
                if (@interface is IErrorTypeSymbol && @interface.Name == missingName)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// <see cref="Callee"/> of a call that runs once per iteration or per item (<see cref="PerItemSite"/>), else null. A
    /// bound call is checked for a method of this compilation first (a symbol comparison); an unbound one for its site
    /// first, since its candidate comes from the semantic model.
    /// </summary>
    public IMethodSymbol? CalleeIfRepeated(IOperation call, ISymbol containingSymbol, ExecutionContextTypes types)
    {
        if (call is IInvocationOperation invocation && !IsSourceMethod(invocation.TargetMethod.OriginalDefinition))
        {
            return null;
        }

        if (call is IInvalidOperation && call.Syntax is not InvocationExpressionSyntax)
        {
            return null;
        }

        // The walk up to the loop before the reach index: the index reads the bodies a name leads to, and most calls of
        // a compilation are not made per item, so it is asked only about the calls that are.
        if (PerItemSite.Find(call, containingSymbol, types).Kind is not (ExecutionSiteKind.Loop or ExecutionSiteKind.PerItem))
        {
            return null;
        }

        // A callee whose name no method that can reach an AI call has is not worth following (Find would answer null).
        var name = call switch
        {
            IInvocationOperation bound => bound.TargetMethod.Name,
            { Syntax: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } } => access.Name.Identifier.ValueText,
            { Syntax: InvocationExpressionSyntax { Expression: SimpleNameSyntax simple } } => simple.Identifier.ValueText,
            _ => null,
        };
        return name is not null && !_reach.MayReach(name) ? null : Callee(call);
    }

    /// <summary>
    /// The number of inputs when <paramref name="call"/> is a batch embedding API whose input is a collection written
    /// out in place (<c>[x]</c>, <c>new[] { a, b }</c>, <c>new List&lt;string&gt; { x }</c>, an OllamaSharp
    /// <c>EmbedRequest</c> with such an <c>Input</c>); else null.
    /// </summary>
    public int? WrittenOutBatchSize(IInvocationOperation call, CancellationToken cancellationToken)
    {
        var input = BatchInput(call, cancellationToken);
        return input is null ? null : WrittenOutCount(input, cancellationToken, 0);
    }

    /// <summary>OllamaSharp's <c>EmbedAsync(string)</c>: one input per request where <c>EmbedRequest.Input</c> takes a list.</summary>
    public bool IsOllamaSingleEmbed(IMethodSymbol method)
        => method.Name == "EmbedAsync" && _ollamaExtensions is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, _ollamaExtensions)
        && method.Parameters.Length > 1 && method.Parameters[1].Type.SpecialType == SpecialType.System_String;

    /// <summary>
    /// <c>VectorStoreCollection.UpsertAsync(record)</c> of one record whose vector property is text
    /// (<c>[VectorStoreVector] string</c>): the collection's embedding generator embeds it with a request of its own.
    /// </summary>
    public bool IsAutoEmbeddedSingleUpsert(IMethodSymbol method)
    {
        if (method.Name != "UpsertAsync" || _vectorStoreCollection is null || _vectorAttribute is null
            || !method.ContainingType.InheritsFromOrEquals(_vectorStoreCollection)
            || method.OriginalDefinition.Parameters.IsEmpty || method.OriginalDefinition.Parameters[0].Type is not ITypeParameterSymbol)
        {
            return false;
        }

        return IsAutoEmbeddedRecord(method.Parameters[0].Type);
    }

    /// <summary>
    /// A POST of one input to an embeddings endpoint made by <paramref name="invocation"/> itself (HttpClient
    /// <c>PostAsync</c>, <c>PostAsJsonAsync</c>, <c>SendAsync</c> of a POST message); a body carrying a collection of
    /// inputs (a batch) is not one.
    /// </summary>
    public bool IsSingleEmbeddingsPost(IOperation invocation, CancellationToken cancellationToken)
        => Posted(invocation, cancellationToken) is { Url: { } url } post
        && ClassifyUrl(url, null, 0, cancellationToken).IsEmbeddingsEndpoint
        && !PostsBatch(post.Body, cancellationToken);

    /// <summary>
    /// What a call to a method whose body we cannot read (a package, another project, an interface with no
    /// implementation here, or a call that did not bind at all) embeds per call, judged by its name and argument:
    /// <c>EmbedAsync(text)</c>, <c>GetEmbeddingAsync(text)</c>, <c>CreateEmbeddingsAsync(text)</c> with a string first,
    /// Semantic Kernel memory's <c>SaveInformationAsync(collection, text, id)</c>, an <c>Upsert…(record)</c> of one record
    /// whose text vector property its collection embeds; else null.
    /// </summary>
    public string? OpaqueSingleEmbed(IOperation call, out string name)
    {
        InvocationExpressionSyntax? unbound = null;
        IMethodSymbol? method = null;
        switch (call)
        {
            case IInvocationOperation invocation:
                method = invocation.TargetMethod;
                name = method.Name;
                break;
            case IInvalidOperation { Syntax: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } syntax }:
                unbound = syntax;
                name = access.Name.Identifier.ValueText;
                break;
            default:
                name = string.Empty;
                return null;
        }

        // Names first: this runs on every call the direct checks let through.
        var memory = name is "SaveInformationAsync" or "SaveReferenceAsync";
        var upsert = method is not null && name.StartsWith("Upsert", StringComparison.Ordinal);
        if (!memory && !upsert && !IsSingleEmbedName(name))
        {
            return null;
        }

        if (method is not null && IsSourceMethod(method.OriginalDefinition) && !(method.IsAbstract && Targets(method.OriginalDefinition).IsEmpty))
        {
            return null;
        }

        var arguments = new List<ITypeSymbol?>();
        if (call is IInvocationOperation bound)
        {
            foreach (var argument in bound.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.DefaultValue && !(method!.IsExtensionMethod && argument.Parameter?.Ordinal == 0))
                {
                    arguments.Add(argument.Value.WalkDownImplicitConversions().Type);
                }
            }
        }
        else
        {
            var children = call.ChildOperations;
            foreach (var argument in unbound!.ArgumentList.Arguments)
            {
                arguments.Add(children.FirstOrDefault(c => c.Syntax == argument.Expression)?.Type);
            }
        }

        return ClassifyOpaque(name, method, arguments, memory, upsert);
    }

    /// <summary>
    /// <see cref="OpaqueSingleEmbed(IOperation, out string)"/> for a method group passed to a per-item call
    /// (<c>texts.Select(embedder.EmbedAsync)</c>): judged by the method's name and parameter types.
    /// </summary>
    public string? OpaqueSingleEmbed(IMethodSymbol method)
    {
        var name = method.Name;
        var memory = name is "SaveInformationAsync" or "SaveReferenceAsync";
        var upsert = name.StartsWith("Upsert", StringComparison.Ordinal);
        if ((!memory && !upsert && !IsSingleEmbedName(name))
            || (IsSourceMethod(method.OriginalDefinition) && !(method.IsAbstract && Targets(method.OriginalDefinition).IsEmpty)))
        {
            return null;
        }

        return ClassifyOpaque(name, method, method.Parameters.Select(p => (ITypeSymbol?)p.Type).ToList(), memory, upsert);
    }

    /// <summary>Whether a method's body is in this compilation (a helper the summaries can follow).</summary>
    public bool IsFollowable(IMethodSymbol method) => IsSourceMethod(method.OriginalDefinition);

    private string? ClassifyOpaque(string name, IMethodSymbol? method, List<ITypeSymbol?> arguments, bool memory, bool upsert)
    {
        if (memory)
        {
            return arguments.Count >= 2 && arguments[1]?.SpecialType == SpecialType.System_String ? "its memory embeds one text" : null;
        }

        if (upsert)
        {
            return arguments.Count >= 1 && arguments[0] is { } record && !IsFrameworkNamespace(method!.ContainingNamespace) && IsAutoEmbeddedRecord(record)
                ? "its store embeds one record's text vector" : null;
        }

        // A package's method (its whole API is visible) counts only when the package also embeds many texts in one call:
        // a local embedder with no batch form (llama.cpp's GetEmbeddings(text)) has nothing better to offer.
        return arguments.Count >= 1 && arguments[0]?.SpecialType == SpecialType.System_String
            && (method is null || IsSourceMethod(method.OriginalDefinition) || _batchSiblings.GetOrAdd(method.ContainingType, HasBatchSibling))
            ? "it embeds one text" : null;
    }

    /// <summary>
    /// Azure.AI.OpenAI 1.x, whose types may not bind: <c>GetEmbeddings[Async](new EmbeddingsOptions(deployment, new[] { x }))</c>
    /// or <c>new EmbeddingsOptions { Input = { x } }</c>, read from syntax: the number of inputs written out in place, or null.
    /// </summary>
    public static int? WrittenOutEmbeddingsOptions(IOperation call)
    {
        if (call.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetEmbeddings" or "GetEmbeddingsAsync" } } syntax)
        {
            return null;
        }

        foreach (var argument in syntax.ArgumentList.Arguments)
        {
            if (argument.Expression is not BaseObjectCreationExpressionSyntax creation
                || (creation is ObjectCreationExpressionSyntax { Type: var type } && RightmostName(type) != "EmbeddingsOptions"))
            {
                continue;
            }

            foreach (var inner in creation.ArgumentList?.Arguments ?? default)
            {
                if (WrittenOutSyntaxCount(inner.Expression) is { } written)
                {
                    return written;
                }
            }

            foreach (var assignment in creation.Initializer?.Expressions.OfType<AssignmentExpressionSyntax>() ?? Enumerable.Empty<AssignmentExpressionSyntax>())
            {
                if (assignment.Left is IdentifierNameSyntax { Identifier.ValueText: "Input" }
                    && (WrittenOutSyntaxCount(assignment.Right) ?? (assignment.Right is InitializerExpressionSyntax list ? list.Expressions.Count : null)) is { } written)
                {
                    return written;
                }
            }
        }

        return null;
    }

    // Memoised per method, so each method is resolved once per compilation however many loops reach it. A call back
    // into a method still being resolved (recursion) contributes nothing; MaxDepth bounds the stack on long chains.
    private MethodAiFacts Resolve(IMethodSymbol method, HashSet<IMethodSymbol> inProgress, CancellationToken cancellationToken)
    {
        if (_resolved.TryGetValue(method, out var known))
        {
            return known;
        }

        // A body that names no AI or HTTP request API, nor a method that can reach one, is never bound on our behalf.
        if (!_reach.MayReach(method) || inProgress.Count >= MaxDepth || !inProgress.Add(method))
        {
            return MethodAiFacts.None;
        }

        var facts = _facts.GetOrAdd(method, m => Summarise(m, cancellationToken));
        var own = facts.Own;
        var urls = facts.UrlParameters.ToBuilder();
        foreach (var calleeCall in facts.Callees)
        {
            foreach (var target in Targets(calleeCall.Callee))
            {
                var inner = Resolve(target, inProgress, cancellationToken);
                own ??= inner.Own;
                foreach (var ordinal in inner.UrlParameters)
                {
                    if (calleeCall.Call?.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal) is not { } passed)
                    {
                        continue;
                    }

                    var argument = ClassifyUrl(passed.Value, calleeCall.Caller, 0, cancellationToken);
                    if (argument.IsEmbeddingsEndpoint)
                    {
                        own ??= new SingleInputCall(SingleInputCallKind.Embedding, EmbeddingsPost);
                    }
                    else if (argument.FromParameter >= 0 && !urls.Contains(argument.FromParameter))
                    {
                        urls.Add(argument.FromParameter);
                    }
                }
            }
        }

        inProgress.Remove(method);
        return _resolved.GetOrAdd(method, new MethodAiFacts(own, urls.ToImmutable(), ImmutableArray<MethodAiFacts.CalleeCall>.Empty));
    }

    // The method's own body, once per call: loops and per-item lambdas inside it are the direct rules' business.
    private MethodAiFacts Summarise(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var bodies = Bodies(method, cancellationToken);
        if (bodies.IsEmpty)
        {
            return MethodAiFacts.None;
        }

        SingleInputCall? own = null;
        var urls = ImmutableArray.CreateBuilder<int>();
        var callees = ImmutableArray.CreateBuilder<MethodAiFacts.CalleeCall>();
        foreach (var body in bodies)
        {
            foreach (var invocation in body.Descendants().OfType<IInvocationOperation>())
            {
                // A request retried in a loop until it succeeds is made once per run; what runs the retry loop decides.
                var site = ExecutionSiteFinder.Find(RetryLoop.Around(invocation) ?? (IOperation)invocation, method, _executionTypes);
                if (site.Kind is ExecutionSiteKind.Loop or ExecutionSiteKind.PerItem)
                {
                    continue;
                }

                own ??= OwnCall(invocation, body, cancellationToken) ?? Opaque(invocation);
                AddPost(invocation);

                if (Callee(invocation) is { } callee)
                {
                    callees.Add(new MethodAiFacts.CalleeCall(method, callee, invocation));
                }
            }

            foreach (var invalid in body.Descendants().OfType<IInvalidOperation>())
            {
                if (invalid.Syntax is InvocationExpressionSyntax
                    && ExecutionSiteFinder.Find(RetryLoop.Around(invalid) ?? (IOperation)invalid, method, _executionTypes).Kind is not (ExecutionSiteKind.Loop or ExecutionSiteKind.PerItem))
                {
                    if (Callee(invalid) is { } callee)
                    {
                        callees.Add(new MethodAiFacts.CalleeCall(method, callee, null));
                    }
                    else
                    {
                        own ??= Opaque(invalid);
                        AddPost(invalid);
                    }
                }
            }
        }

        return new MethodAiFacts(own, urls.ToImmutable(), callees.ToImmutable());

        // A POST of one input: to an embeddings endpoint, or to a URL the method is given (its callers tell which).
        void AddPost(IOperation call)
        {
            if (Posted(call, cancellationToken) is { Url: { } url } post && !PostsBatch(post.Body, cancellationToken))
            {
                var target = ClassifyUrl(url, method, 0, cancellationToken);
                if (target.IsEmbeddingsEndpoint)
                {
                    own ??= new SingleInputCall(SingleInputCallKind.Embedding, EmbeddingsPost);
                }
                else if (target.FromParameter >= 0 && !urls.Contains(target.FromParameter))
                {
                    urls.Add(target.FromParameter);
                }
            }
        }
    }

    // A package's or an unbound embedder's one-text call inside a helper (IEmbedder.EmbedAsync(text)).
    private SingleInputCall? Opaque(IOperation call)
        => OpaqueSingleEmbed(call, out var name) is { } description
            ? new SingleInputCall(SingleInputCallKind.Embedding, description.EndsWith("vector", StringComparison.Ordinal) ? $"'{name}' of one record its store embeds" : $"'{name}' of one text")
            : null;

    private SingleInputCall? OwnCall(IInvocationOperation invocation, IOperation body, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        if (_requests.BatchAlternative(method) is not null || IsOllamaSingleEmbed(method))
        {
            return new SingleInputCall(SingleInputCallKind.Embedding, $"'{method.Name}'");
        }

        if (IsAutoEmbeddedSingleUpsert(method))
        {
            return new SingleInputCall(SingleInputCallKind.Embedding, "'UpsertAsync' of one record its collection embeds");
        }

        if (WrittenOutBatchSize(invocation, cancellationToken) == 1)
        {
            return new SingleInputCall(SingleInputCallKind.Embedding, $"'{method.Name}' on a batch of one");
        }

        if (_session is not null && method.Name is "Run" or "RunAsync" && method.ContainingType.InheritsFromOrEquals(_session))
        {
            var shape = body.Descendants()
                .Select(o => BatchInferenceRunsAnalyzer.BatchOfOneShape(o, _denseTensor, _ortValue, cancellationToken))
                .FirstOrDefault(s => s is not null);
            if (shape is not null)
            {
                return new SingleInputCall(SingleInputCallKind.Inference, $"'{method.Name}' on {shape}");
            }
        }

        return null;
    }

    private IOperation? BatchInput(IInvocationOperation call, CancellationToken cancellationToken)
    {
        var method = call.TargetMethod;
        if (_ollamaClient is not null && method.Name == "EmbedAsync" && method.ContainingType.IsOrImplements(_ollamaClient))
        {
            var request = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value.WalkDownImplicitConversions();
            if (request is ILocalReferenceOperation local)
            {
                request = local.Local.DeclaredInitializer(request, cancellationToken)?.WalkDownImplicitConversions();
            }

            return request is IObjectCreationOperation { Initializer: { } initializer }
                ? initializer.Initializers.OfType<ISimpleAssignmentOperation>()
                    .FirstOrDefault(a => a.Target is IPropertyReferenceOperation { Property.Name: "Input" })?.Value
                : null;
        }

        var isBatch = (_requests.IsEmbedding(method) && !_requests.IsSingleEmbedding(method) && method.Name != "GenerateAndZipAsync")
            || (_kernelEmbeddingService is not null && method.Name == "GenerateEmbeddingsAsync" && method.ContainingType.IsOrImplements(_kernelEmbeddingService));
        if (!isBatch)
        {
            return null;
        }

        var inputOrdinal = method.IsExtensionMethod ? 1 : 0;
        var input = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == inputOrdinal);
        return input is { Parameter.Type.SpecialType: not SpecialType.System_String } ? input.Value : null;
    }

    // Most unbound calls go to the unresolved package's own types: skip the semantic model unless a method of this
    // compilation has the name called.
    private bool NamesSourceMember(InvocationExpressionSyntax syntax)
    {
        var name = syntax.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };
        return name is not null && _sourceMemberNames.Value.Contains(name);
    }

    private static int? WrittenOutCount(IOperation input, CancellationToken cancellationToken, int depth)
    {
        var value = input.WalkDownImplicitConversions();
        switch (value)
        {
            case IArrayCreationOperation { Initializer.ElementValues: var elements }:
                return elements.Length;
            case IObjectCreationOperation { Arguments.IsEmpty: true, Initializer: { } initializer }
                when initializer.Initializers.All(i => i is IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 1 }):
                return initializer.Initializers.Length;
            case ILocalReferenceOperation local when depth == 0:
                return local.Local.DeclaredInitializer(value, cancellationToken) is { } initial ? WrittenOutCount(initial, cancellationToken, 1) : null;
        }

        // Collection expressions ([x], [a, b]) have no IOperation of their own in Roslyn 4.8: count them in syntax.
        return value.Syntax is CollectionExpressionSyntax collection && collection.Elements.All(e => e is ExpressionElementSyntax)
            ? collection.Elements.Count
            : null;
    }

    private (IOperation? Url, IOperation? Body)? Posted(IOperation call, CancellationToken cancellationToken) => call switch
    {
        IInvocationOperation invocation => PostedRequest(invocation, cancellationToken),
        IInvalidOperation invalid => UnboundPost(invalid),
        _ => null,
    };

    // An HttpClient POST through an extension method of a package outside the build (System.Net.Http.Formatting's
    // PostAsJsonAsync, LagoVista's retry helper): the call does not bind, but its receiver is an HttpClient and its
    // positional arguments are the URL and the body.
    private (IOperation? Url, IOperation? Body)? UnboundPost(IInvalidOperation call)
    {
        if (_httpClient is null
            || call.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } syntax
            || !access.Name.Identifier.ValueText.StartsWith("Post", StringComparison.Ordinal)
            || syntax.ArgumentList.Arguments is not { Count: >= 2 } arguments
            || arguments[0].NameColon is not null || arguments[1].NameColon is not null)
        {
            return null;
        }

        var children = call.ChildOperations;
        IOperation? Bound(ExpressionSyntax expression) => children.FirstOrDefault(c => c.Syntax == expression);
        return Bound(access.Expression)?.Type.InheritsFromOrEquals(_httpClient) == true
            ? (Bound(arguments[0].Expression), Bound(arguments[1].Expression))
            : null;
    }

    // The URL a call POSTs to and its body (HttpClient.PostAsync, PostAsJsonAsync, SendAsync of a POST request
    // message, its method and URI as constructor arguments or in its initializer), or null.
    private (IOperation? Url, IOperation? Body)? PostedRequest(IInvocationOperation invocation, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        var isClient = _httpClient is not null && type.InheritsFromOrEquals(_httpClient);
        var isJson = _httpClientJson is not null && SymbolEqualityComparer.Default.Equals(type, _httpClientJson);
        if (!isClient && !isJson)
        {
            return null;
        }

        if (method.Name.StartsWith("Post", StringComparison.Ordinal))
        {
            return (invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "requestUri")?.Value,
                invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name is "content" or "value")?.Value);
        }

        if (method.Name == "SendAsync" && invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "request")?.Value.WalkDownImplicitConversions() is { } request)
        {
            if (request is ILocalReferenceOperation local)
            {
                request = local.Local.DeclaredInitializer(request, cancellationToken)?.WalkDownImplicitConversions();
            }

            if (request is IObjectCreationOperation creation && SymbolEqualityComparer.Default.Equals(creation.Type, _httpRequestMessage))
            {
                var initialised = creation.Initializer?.Initializers.OfType<ISimpleAssignmentOperation>().ToList() ?? new List<ISimpleAssignmentOperation>();
                IOperation? Initialised(string property) => initialised.FirstOrDefault(a => a.Target is IPropertyReferenceOperation p && p.Property.Name == property)?.Value;
                var verb = creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "method")?.Value ?? Initialised("Method");
                if (verb is IPropertyReferenceOperation { Property.Name: "Post" })
                {
                    return (creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "requestUri")?.Value ?? Initialised("RequestUri"), Initialised("Content"));
                }
            }
        }

        return null;
    }

    // Whether a URL names an embeddings endpoint ("/v1/embeddings", "/api/embed"), or comes from a parameter of the method.
    // A member or key named for embeddings counts where it leads the URL (the base, not a query value such as a model name).
    private MethodAiFacts.UrlArgument ClassifyUrl(IOperation operation, IMethodSymbol? method, int depth, CancellationToken cancellationToken, bool leads = true)
    {
        var none = new MethodAiFacts.UrlArgument(false, -1);
        if (depth > MaxUrlDepth)
        {
            return none;
        }

        var value = operation.WalkDownImplicitConversions();
        if (value.ConstantValue is { HasValue: true, Value: string text })
        {
            return new MethodAiFacts.UrlArgument(NamesEmbeddings(text), -1);
        }

        switch (value)
        {
            case IParameterReferenceOperation parameter when method is not null && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, method):
                return new MethodAiFacts.UrlArgument(false, parameter.Parameter.Ordinal);
            case IInterpolatedStringOperation interpolated:
                return new MethodAiFacts.UrlArgument(interpolated.Parts.Select((p, index) => p is IInterpolatedStringTextOperation { Text.ConstantValue.Value: string part } && NamesEmbeddings(part)
                    || (p is IInterpolationOperation hole && ClassifyUrl(hole.Expression, null, depth + 1, cancellationToken, leads && index == 0).IsEmbeddingsEndpoint)).Any(b => b), -1);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation:
                return new MethodAiFacts.UrlArgument(
                    ClassifyUrl(concatenation.LeftOperand, null, depth + 1, cancellationToken, leads).IsEmbeddingsEndpoint
                    || ClassifyUrl(concatenation.RightOperand, null, depth + 1, cancellationToken, false).IsEmbeddingsEndpoint, -1);
            case IObjectCreationOperation creation when SymbolEqualityComparer.Default.Equals(creation.Type, _uri) && creation.Arguments.Length > 0:
                return ClassifyUrl(creation.Arguments[creation.Arguments.Length - 1].Value, method, depth + 1, cancellationToken);
            case ILocalReferenceOperation local:
                return local.Local.DeclaredInitializer(value, cancellationToken) is { } initial ? ClassifyUrl(initial, method, depth + 1, cancellationToken) : none;
            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer:
                // configuration["Ollama:EmbedUrl"]
                return new MethodAiFacts.UrlArgument(leads && indexer.Arguments.Any(a => a.Value.ConstantValue is { HasValue: true, Value: string key } && NamedForEmbeddings(key)), -1);
            case IFieldReferenceOperation or IPropertyReferenceOperation:
                var member = ((IMemberReferenceOperation)value).Member;
                return new MethodAiFacts.UrlArgument((leads && NamedForEmbeddings(member.Name)) || _embeddingsMembers.GetOrAdd(member, m => MemberAssignedEmbeddings(m, cancellationToken)), -1);
            case IInvocationOperation { Type.SpecialType: SpecialType.System_String } or IInvocationOperation { Type.Name: "Uri" }:
                // configuration.GetValue<string>("EmbeddingsEndpoint"), Path.Combine(baseUrl, "embeddings"), a string's ToString()
                var invocation = (IInvocationOperation)value;
                return new MethodAiFacts.UrlArgument(
                    invocation.Arguments.Where(a => a.ArgumentKind != ArgumentKind.DefaultValue).Select((a, index) => a.Value.ConstantValue is { HasValue: true, Value: string key } ? NamesEmbeddings(key) || (leads && NamedForEmbeddings(key)) : ClassifyUrl(a.Value, null, depth + 1, cancellationToken, leads && index == 0).IsEmbeddingsEndpoint).Any(b => b)
                    || (invocation.Instance is { } instance && ClassifyUrl(instance, null, depth + 1, cancellationToken, leads).IsEmbeddingsEndpoint), -1);
        }

        return none;
    }

    // A field or property initialised, or assigned anywhere in its type's code, with a literal naming an embeddings
    // endpoint: read from syntax only, so every part of a partial type counts.
    private static bool MemberAssignedEmbeddings(ISymbol member, CancellationToken cancellationToken)
    {
        foreach (var declaration in member.ContainingType.DeclaringSyntaxReferences)
        {
            foreach (var node in declaration.GetSyntax(cancellationToken).DescendantNodes())
            {
                var (target, assigned) = node switch
                {
                    VariableDeclaratorSyntax { Initializer.Value: { } initial } declarator => (declarator.Identifier.ValueText, initial),
                    PropertyDeclarationSyntax { Initializer.Value: { } initial } property => (property.Identifier.ValueText, initial),
                    AssignmentExpressionSyntax { Left: IdentifierNameSyntax name } assignment => (name.Identifier.ValueText, assignment.Right),
                    AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access } assignment => (access.Name.Identifier.ValueText, assignment.Right),
                    _ => (null, null),
                };
                // A literal, an interpolation, or a new Uri(…) of one: "…/v1/embeddings", new Uri(baseUri, "embeddings").
                if (target == member.Name && assigned is LiteralExpressionSyntax or InterpolatedStringExpressionSyntax or BaseObjectCreationExpressionSyntax
                    && assigned.DescendantTokens().Any(t => t.Kind() is SyntaxKind.StringLiteralToken or SyntaxKind.InterpolatedStringTextToken && NamesEmbeddings(t.ValueText)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // "/v1/embeddings", "/api/embed", or a path relative to the client's BaseAddress ("embeddings", "api/embed").
    private static bool NamesEmbeddings(string text)
        => text.IndexOf("/embed", StringComparison.OrdinalIgnoreCase) >= 0 || text.TrimStart('.', '/').StartsWith("embed", StringComparison.OrdinalIgnoreCase);

    // A member or configuration key named for an embeddings endpoint (EmbeddingsUrl, "Ollama:EmbedEndpoint").
    private static bool NamedForEmbeddings(string name) => name.IndexOf("embed", StringComparison.OrdinalIgnoreCase) >= 0;

    // EmbedAsync, Embed, EmbedTextAsync, GetEmbeddingAsync, GenerateEmbeddingVectorAsync, CreateEmbeddingsAsync, ComputeEmbedding.
    private static bool IsSingleEmbedName(string name)
    {
        if (name.IndexOf("Embed", StringComparison.Ordinal) < 0)
        {
            return false;
        }

        var rest = name.EndsWith("Async", StringComparison.Ordinal) ? name.Substring(0, name.Length - 5) : name;
        foreach (var prefix in new[] { "Get", "Generate", "Create", "Compute", "Calculate", "Fetch" })
        {
            if (rest.StartsWith(prefix, StringComparison.Ordinal))
            {
                rest = rest.Substring(prefix.Length);
                break;
            }
        }

        rest = rest.StartsWith("Text", StringComparison.Ordinal) && rest.Length > 4 ? rest.Substring(4) : rest;
        foreach (var stem in new[] { "Embeddings", "Embedding", "Embed" })
        {
            if (rest.StartsWith(stem, StringComparison.Ordinal))
            {
                return rest.Substring(stem.Length) is "" or "Text" or "Query" or "Document" or "Chunk" or "Vector" or "For" or "ForText" or "Single" or "One" or "String";
            }
        }

        return false;
    }

    // A method of the type, its bases or interfaces, named for embeddings and taking a collection of texts.
    private static bool HasBatchSibling(INamedTypeSymbol type)
    {
        var types = new List<INamedTypeSymbol>(type.AllInterfaces);
        for (var current = type; current is not null; current = current.BaseType)
        {
            types.Add(current);
        }

        return types.Any(t => t.GetMembers().OfType<IMethodSymbol>().Any(m => m.Name.IndexOf("Embed", StringComparison.Ordinal) >= 0
            && m.Parameters.Any(p => p.Type.SpecialType != SpecialType.System_String && IsStringCollection(p.Type))));
    }

    private static bool IsFrameworkNamespace(INamespaceSymbol? ns)
    {
        for (; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            if (ns.ContainingNamespace is { IsGlobalNamespace: true } && ns.Name == "System")
            {
                return true;
            }
        }

        return false;
    }

    // A record type whose vector property is text ([VectorStoreVector] string): the collection embeds it on upsert. The
    // attribute is compared by name, so a record type of another project (another compilation's symbols) counts too.
    private bool IsAutoEmbeddedRecord(ITypeSymbol recordType)
    {
        if (_vectorAttribute is null)
        {
            return false;
        }

        for (var type = recordType; type is not null && type.SpecialType == SpecialType.None; type = type.BaseType)
        {
            if (type.GetMembers().OfType<IPropertySymbol>().Any(p => p.Type.SpecialType == SpecialType.System_String
                && p.GetAttributes().Any(a => a.AttributeClass is { Name: "VectorStoreVectorAttribute" } attribute
                    && attribute.ContainingNamespace.IsNamespace("Microsoft.Extensions.VectorData"))))
            {
                return true;
            }
        }

        return false;
    }

    // A request body that carries a collection of inputs, not written out one by one: a batch per call (chunked
    // batching), not one input per request. The body is read through one local and the calls that wrap it
    // (JsonContent.Create, new StringContent(JsonSerializer.Serialize(payload))).
    private static bool PostsBatch(IOperation? body, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return false;
        }

        foreach (var operation in body.DescendantsAndSelf())
        {
            var value = operation is ILocalReferenceOperation local ? local.Local.DeclaredInitializer(local, cancellationToken) : null;
            if (value is not null && value.DescendantsAndSelf().Any(v => CarriesInputCollection(v, cancellationToken)))
            {
                return true;
            }

            if (CarriesInputCollection(operation, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    // A member of an anonymous or object-initialised payload, or a constructor argument, holding a collection of strings
    // that is not written out in place.
    private static bool CarriesInputCollection(IOperation operation, CancellationToken cancellationToken)
    {
        var value = operation switch
        {
            ISimpleAssignmentOperation { Parent: IObjectOrCollectionInitializerOperation or IAnonymousObjectCreationOperation } assignment => assignment.Value,
            IArgumentOperation { Parent: IObjectCreationOperation } argument => argument.Value,
            _ => null,
        };
        if (value is null)
        {
            return false;
        }

        var type = value.WalkDownImplicitConversions().Type;
        return type is not null && type.SpecialType != SpecialType.System_String && IsStringCollection(type) && WrittenOutCount(value, cancellationToken, 0) is null or > 1;
    }

    private static bool IsStringCollection(ITypeSymbol type)
        => type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_String }
        || type.AllInterfaces.Append(type as INamedTypeSymbol).Any(i => i is { Name: "IEnumerable", TypeArguments.Length: 1 } && i.TypeArguments[0].SpecialType == SpecialType.System_String);

    private static string? RightmostName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };

    private static int? WrittenOutSyntaxCount(ExpressionSyntax expression) => expression switch
    {
        ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions.Count,
        ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions.Count,
        CollectionExpressionSyntax collection when collection.Elements.All(e => e is ExpressionElementSyntax) => collection.Elements.Count,
        ObjectCreationExpressionSyntax { ArgumentList: null or { Arguments.Count: 0 }, Initializer: { } list } when list.IsKind(SyntaxKind.CollectionInitializerExpression) => list.Expressions.Count,
        _ => null,
    };

    private bool IsSourceMethod(IMethodSymbol method)
        => SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly) && method.MethodKind is MethodKind.Ordinary;

    // The bodies a call can run: the method itself, or for an interface or abstract method its implementations here.
    private ImmutableArray<IMethodSymbol> Targets(IMethodSymbol method)
    {
        if (!method.IsAbstract)
        {
            return ImmutableArray.Create(method);
        }

        return _implementations.GetOrAdd(method, m =>
        {
            if (!_derivedTypes.Value.TryGetValue(m.ContainingType.OriginalDefinition, out var derived))
            {
                return ImmutableArray<IMethodSymbol>.Empty;
            }

            var found = ImmutableArray.CreateBuilder<IMethodSymbol>();
            foreach (var type in derived)
            {
                var implementation = m.ContainingType.TypeKind == TypeKind.Interface
                    ? type.AllInterfaces
                        .Where(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, m.ContainingType))
                        .SelectMany(i => i.GetMembers(m.Name).OfType<IMethodSymbol>().Where(candidate => SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, m)))
                        .Select(type.FindImplementationForInterfaceMember)
                        .OfType<IMethodSymbol>()
                        .FirstOrDefault()
                    : type.GetMembers(m.Name).OfType<IMethodSymbol>().FirstOrDefault(candidate => SymbolEqualityComparer.Default.Equals(candidate.OverriddenMethod?.OriginalDefinition, m));
                if (implementation is { IsAbstract: false } && IsSourceMethod(implementation.OriginalDefinition))
                {
                    found.Add(implementation.OriginalDefinition);
                }
            }

            return found.ToImmutable();
        });
    }

    // The method's bodies in this compilation (every part of a partial method). The analyzer driver caches the
    // compiler's semantic models, so asking for another tree's model here costs a dictionary lookup, and only for
    // methods a loop calls.
    private ImmutableArray<IOperation> Bodies(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var bodies = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (SourceMethodBody.Of(_compilation, reference, worthBinding: null, cancellationToken) is { } body)
            {
                bodies.Add(body);
            }
        }

        return bodies.ToImmutable();
    }

    // Asking every source type for its interfaces once per abstract method a loop called was about a quarter of the
    // summaries' sampled time on Semantic Kernel (2.5 of 8.7 J, profiled with dotnet-energy; its libraries call interface
    // methods in loops everywhere); this pass asks once.
    private static Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>> IndexDerivedTypes(ImmutableArray<INamedTypeSymbol> sourceTypes)
    {
        var derived = new Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>(SymbolEqualityComparer.Default);
        foreach (var type in sourceTypes)
        {
            foreach (var @interface in type.AllInterfaces)
            {
                derived.AddToList(@interface.OriginalDefinition, type);
            }

            for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
            {
                derived.AddToList(baseType.OriginalDefinition, type);
            }
        }

        return derived;
    }

    private static ImmutableArray<INamedTypeSymbol> CollectSourceTypes(INamespaceSymbol root)
    {
        var types = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (current is INamespaceSymbol ns)
            {
                foreach (var inner in ns.GetNamespaceMembers())
                {
                    pending.Push(inner);
                }
            }

            foreach (var type in current.GetTypeMembers())
            {
                if (type.TypeKind is TypeKind.Class or TypeKind.Struct)
                {
                    types.Add(type);
                }

                pending.Push(type);
            }
        }

        return types.ToImmutable();
    }
}
