using System.Collections.Concurrent;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1001: an ONNX Runtime session or an OpenAI client is created where code runs per item, per request
/// or per call, and thrown away. Creating an InferenceSession loads and optimises the whole model each
/// time; an OpenAI client rebuilds its request pipeline (and, when given its own HttpClient, its
/// connections). Both are thread-safe and meant to be created once and shared.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AvoidPerCallClientCreationAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property set when the creation can move into a static readonly field unchanged.</summary>
    public const string CanHoistProperty = "CanHoist";

    /// <summary>.editorconfig key: report creations in ordinary methods (info level); default true.</summary>
    public const string ReportPerMethodCallOption = "EK1001.report_per_method_call";

    private const string Title = "Create AI clients and inference sessions once and reuse them";
    private const string Description =
        "An ONNX Runtime InferenceSession loads and optimises the model each time it is constructed; an OpenAI client "
        + "rebuilds its request pipeline, and opens new connections when it is given its own HttpClient. Both are thread-safe "
        + "and meant to be created once per process (static field, singleton service or Lazy<T>) and reused.";

    private static readonly ImmutableArray<string> s_clientTypeNames = ImmutableArray.Create(
        "Microsoft.ML.OnnxRuntime.InferenceSession",
        "OpenAI.OpenAIClient",
        "OpenAI.Chat.ChatClient",
        "OpenAI.Embeddings.EmbeddingClient",
        "OpenAI.Responses.ResponsesClient",
        "Azure.AI.OpenAI.AzureOpenAIClient",
        // Azure.AI.OpenAI 1.x named its client OpenAIClient.
        "Azure.AI.OpenAI.OpenAIClient",
        "OllamaSharp.OllamaApiClient",
        // ORT GenAI: the model load and the tokenizer are the expensive parts; a Generator per sequence is how it works.
        "Microsoft.ML.OnnxRuntimeGenAI.Model",
        "Microsoft.ML.OnnxRuntimeGenAI.Tokenizer",
        "System.Net.Http.HttpClient");

    private static readonly ImmutableArray<string> s_clientInterfaceNames = ImmutableArray.Create(
        "Microsoft.Extensions.AI.IChatClient",
        "Microsoft.Extensions.AI.IEmbeddingGenerator",
        "Microsoft.Agents.AI.AIAgent",
        "Microsoft.SemanticKernel.Kernel",
        "Microsoft.SemanticKernel.IKernelBuilder");

    /// <summary>Warning where the repetition is certain (loop, item, request); reported at Info in ordinary methods.</summary>
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.AvoidPerCallClientCreation,
        Title,
        "'{0}'{1} is created {2}; create it once and reuse it{3}",
        RuleCategories.Lifetime,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        Description,
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.AvoidPerCallClientCreation));

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var analyzerContext = new AnalyzerContext(compilationContext.Compilation);
            if (analyzerContext.ClientTypes.IsEmpty)
            {
                return;
            }

            compilationContext.RegisterOperationAction(analyzerContext.AnalyzeObjectCreation, OperationKind.ObjectCreation);
            compilationContext.RegisterOperationAction(analyzerContext.AnalyzeInvocation, OperationKind.Invocation);
            compilationContext.RegisterOperationAction(analyzerContext.AnalyzeUnresolvedCreation, OperationKind.Invalid);
        });
    }

    private sealed class AnalyzerContext
    {
        private const int MaxFactoryDepth = 3;

        private static readonly ImmutableHashSet<string> s_pluginFromDiskMethods = ImmutableHashSet.Create(
            StringComparer.Ordinal,
            "CreatePluginFromPromptDirectory",
            "ImportPluginFromPromptDirectory",
            "CreatePluginFromPromptDirectoryYaml",
            "ImportPluginFromPromptDirectoryYaml");

        private static readonly ImmutableHashSet<string> s_clientSimpleNames = s_clientTypeNames
            .Select(name => name.Substring(name.LastIndexOf('.') + 1))
            .ToImmutableHashSet(StringComparer.Ordinal);

        private readonly Compilation _compilation;
        private readonly ExecutionContextTypes _executionTypes;
        private readonly ImmutableArray<INamedTypeSymbol> _clientInterfaces;
        private readonly INamedTypeSymbol? _httpClient;
        private readonly INamedTypeSymbol? _ollamaClient;
        private readonly INamedTypeSymbol? _kernelBuilder;
        private readonly INamedTypeSymbol? _kernelExtensions;
        private readonly ConcurrentDictionary<INamedTypeSymbol, string?> _ownedClients = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, string?> _factories = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ITypeSymbol, bool> _clientTypeAnswers = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ITypeSymbol, bool> _clientLikeAnswers = new(SymbolEqualityComparer.Default);

        // Kept as delegates once, not made from the method groups on every question.
        private readonly Func<ITypeSymbol, bool> _inheritsFromAClientType;
        private readonly Func<ITypeSymbol, bool> _isClientOrWrapper;

        public AnalyzerContext(Compilation compilation)
        {
            _compilation = compilation;
            ClientTypes = Resolve(compilation, s_clientTypeNames);
            _clientInterfaces = Resolve(compilation, s_clientInterfaceNames);
            _executionTypes = new ExecutionContextTypes(compilation);
            _httpClient = compilation.GetBestTypeByMetadataName("System.Net.Http.HttpClient");
            _ollamaClient = compilation.GetBestTypeByMetadataName("OllamaSharp.OllamaApiClient");
            _kernelBuilder = compilation.GetBestTypeByMetadataName("Microsoft.SemanticKernel.IKernelBuilder");
            _kernelExtensions = compilation.GetBestTypeByMetadataName("Microsoft.SemanticKernel.KernelExtensions");
            _inheritsFromAClientType = InheritsFromAClientType;
            _isClientOrWrapper = IsClientOrWrapper;
        }

        public ImmutableArray<INamedTypeSymbol> ClientTypes { get; }

        private CallGraph Calls => CallGraph.For(_compilation);

        public void AnalyzeObjectCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (creation.Type is IErrorTypeSymbol)
            {
                AnalyzeUnresolvedCreation(context);
                return;
            }

            if (creation.Type is not INamedTypeSymbol type)
            {
                return;
            }

            if (IsExpensiveClientCreation(creation))
            {
                Analyze(context, creation, type.Name, detail: null, canHoist: creation.Initializer is null && ProcessInvariantExpression.AreProcessInvariant(creation.Arguments));
            }
            else if (OwnedClient(type, context.CancellationToken) is { } owned)
            {
                Analyze(context, creation, type.Name, $" (its constructor creates a '{owned}')", canHoist: false);
            }
        }

        /// <summary>
        /// A creation whose type does not resolve (Azure.AI.OpenAI 1.x's <c>OpenAIClient</c> against the 2.x package, or a
        /// client package that did not restore) is a client when its name is a client's and the file imports (or the
        /// creation names) that client's namespace.
        /// </summary>
        public void AnalyzeUnresolvedCreation(OperationAnalysisContext context)
        {
            var operation = context.Operation;
            if (operation.Syntax is not BaseObjectCreationExpressionSyntax syntax
                || operation.Type is not IErrorTypeSymbol { Name: var name }
                || !s_clientSimpleNames.Contains(name)
                || !NamesClientNamespace(syntax, name))
            {
                return;
            }

            Analyze(context, operation, name, detail: null, canHoist: false);
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (IsKernelBuild(method))
            {
                Analyze(context, invocation, "Kernel", " (a kernel builds its service provider and connectors)", canHoist: false);
                return;
            }

            if (s_pluginFromDiskMethods.Contains(method.Name) && SymbolEqualityComparer.Default.Equals(method.ContainingType, _kernelExtensions))
            {
                Analyze(context, invocation, "KernelPlugin", $" (parsed from disk by '{method.Name}')", canHoist: false);
                return;
            }

            if (!IsClientLike(UnwrapTask(method.ReturnType)) || method.DeclaringSyntaxReferences.IsEmpty)
            {
                return;
            }

            if (Factory(method.OriginalDefinition, 0, context.CancellationToken) is { } created)
            {
                Analyze(context, invocation, created, $" (a new one from '{method.Name}' each call)", canHoist: false);
            }
        }

        private void Analyze(OperationAnalysisContext context, IOperation creation, string typeName, string? detail, bool canHoist)
        {
            var cancellationToken = context.CancellationToken;
            var site = ExecutionSiteFinder.Find(creation, context.ContainingSymbol, _executionTypes);
            var value = creation.Parent is IAwaitOperation awaited ? awaited : creation;
            var lifetime = ValueLifetimeAnalysis.Analyze(value, IsClientLike, returnIsKept: site.Kind != ExecutionSiteKind.PerPropertyRead, _compilation, cancellationToken);

            if (site.Kind == ExecutionSiteKind.Once)
            {
                // A constructor (or instance field initialiser) of a type made per request builds its fields per request.
                if (IsBuiltPerInstance(creation, context.ContainingSymbol, lifetime)
                    && context.ContainingSymbol.ContainingType is { } owner
                    && Calls.IsPerRequestType(owner))
                {
                    Report(context, creation, typeName, $"for every '{owner.Name}', which is created per request", detail, DiagnosticSeverity.Warning, canHoist: false);
                }

                return;
            }

            if (site.Kind == ExecutionSiteKind.PerCall && RunsOnceAsLocalFunction(creation, context.ContainingSymbol))
            {
                // Shape 9 for a local function: top-level statements or Main call it, and only outside loops and lambdas.
                return;
            }

            var method = context.ContainingSymbol as IMethodSymbol;
            var where = Describe(site);
            var repeated = site.IsRepeated;
            if (site.Kind == ExecutionSiteKind.PerCall && method is { MethodKind: MethodKind.Ordinary } && site.Name == method.Name)
            {
                var frequency = Calls.GetFrequency(method, cancellationToken);
                if (frequency.IsOnce)
                {
                    // Shape 9: a method that only Main, top-level statements or other run-once code calls.
                    return;
                }

                if (frequency.IsRepeated)
                {
                    where = $"on every call of '{method.Name}', {frequency.Description}";
                    repeated = true;
                }
            }

            switch (lifetime)
            {
                case ValueLifetime.Kept or ValueLifetime.Escapes:
                    if (method is not null && IsReturnedByFactory(creation, method, cancellationToken))
                    {
                        ReportInFactory(context, creation, typeName, detail, method);
                    }

                    return;

                case ValueLifetime.StoredInInstance:
                    // A field overwritten with a new client on every request or iteration; a guarded lazy assignment is fine.
                    if (repeated && !IsGuarded(creation))
                    {
                        Report(context, creation, typeName, "and replaces the previous one " + where, detail, DiagnosticSeverity.Warning, canHoist: false);
                    }

                    return;
            }

            if (!repeated
                && !context.Options.GetBooleanOption(creation.Syntax.SyntaxTree, ReportPerMethodCallOption, defaultValue: true))
            {
                return;
            }

            Report(
                context,
                creation,
                typeName,
                where,
                detail,
                repeated ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info,
                canHoist && lifetime == ValueLifetime.Transient);
        }

        // A creation in a local function whose every call (at least one, none as a method group) runs once: in top-level
        // statements or Main, outside any loop or lambda.
        private bool RunsOnceAsLocalFunction(IOperation creation, ISymbol containingSymbol)
        {
            ILocalFunctionOperation? function = null;
            var root = creation;
            for (var current = creation.Parent; current is not null; current = current.Parent)
            {
                if (function is null && current is IAnonymousFunctionOperation)
                {
                    // A lambda in between runs when it is invoked, which we cannot see.
                    return false;
                }

                function ??= current as ILocalFunctionOperation;
                root = current;
            }

            if (function is null)
            {
                return false;
            }

            var calls = 0;
            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case IInvocationOperation call when SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, function.Symbol):
                        if (ExecutionSiteFinder.Find(call, containingSymbol, _executionTypes).Kind != ExecutionSiteKind.Once)
                        {
                            return false;
                        }

                        calls++;
                        break;
                    case IMethodReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Method.OriginalDefinition, function.Symbol):
                        return false;
                }
            }

            return calls > 0;
        }

        // A factory's result: reported where it is made when a caller runs it repeatedly (or per call) and drops it.
        private void ReportInFactory(OperationAnalysisContext context, IOperation creation, string typeName, string? detail, IMethodSymbol factory)
        {
            if (FindDroppingCaller(factory, 0, context.CancellationToken) is not { } dropping)
            {
                return;
            }

            Report(
                context,
                creation,
                typeName,
                $"on every call of '{factory.Name}' and dropped by its caller '{dropping.Caller}'",
                detail,
                dropping.Repeated ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info,
                canHoist: false);
        }

        // A caller that drops what the factory returns, following callers that are factories themselves (returning it on).
        private (string Caller, bool Repeated)? FindDroppingCaller(IMethodSymbol factory, int depth, CancellationToken cancellationToken)
        {
            var callers = Calls.FindCallers(factory, cancellationToken);
            if (callers.IsDefaultOrEmpty)
            {
                return null;
            }

            (string, bool)? found = null;
            foreach (var (call, caller) in callers)
            {
                var callSite = ExecutionSiteFinder.Find(call, caller, _executionTypes);
                if (callSite.Kind == ExecutionSiteKind.Once)
                {
                    continue;
                }

                var value = call.Parent is IAwaitOperation awaited ? awaited : call;
                var lifetime = ValueLifetimeAnalysis.Analyze(value, IsClientLike, returnIsKept: true, _compilation, cancellationToken);
                var callerMethod = caller as IMethodSymbol;
                if (lifetime is ValueLifetime.Transient or ValueLifetime.TransientDisposedExplicitly)
                {
                    var frequency = callSite.Kind == ExecutionSiteKind.PerCall && callerMethod is not null
                        ? Calls.GetFrequency(callerMethod, cancellationToken)
                        : CallFrequency.Unknown;
                    if (frequency.IsOnce)
                    {
                        continue;
                    }

                    var repeated = callSite.IsRepeated || frequency.IsRepeated;
                    if (repeated)
                    {
                        return (caller.Name, true);
                    }

                    found ??= (caller.Name, false);
                }
                else if (lifetime is ValueLifetime.Kept
                    && depth < MaxFactoryDepth
                    && callerMethod is not null
                    && IsReturnedByFactory(call, callerMethod, cancellationToken)
                    && FindDroppingCaller(callerMethod.OriginalDefinition, depth + 1, cancellationToken) is { } further)
                {
                    if (further.Repeated)
                    {
                        return further;
                    }

                    found ??= further;
                }
            }

            return found;
        }

        private void Report(OperationAnalysisContext context, IOperation creation, string typeName, string where, string? detail, DiagnosticSeverity severity, bool canHoist)
        {
            var properties = canHoist && creation is IObjectCreationOperation
                ? ImmutableDictionary<string, string?>.Empty.Add(CanHoistProperty, "true")
                : ImmutableDictionary<string, string?>.Empty;

            context.ReportDiagnostic(ProfiledDiagnostic.Create(
                Rule,
                creation.Syntax.GetLocation(),
                context.Options,
                severity,
                properties,
                null,
                typeName,
                detail ?? string.Empty,
                where));
        }

        private static string Describe(ExecutionSite site) => site.Kind switch
        {
            ExecutionSiteKind.Loop => $"on every iteration of a '{site.Name}' loop",
            ExecutionSiteKind.PerItem => $"for every item in the lambda passed to '{site.Name}'",
            ExecutionSiteKind.PerRequest => $"on every request handled by '{site.Name}'",
            ExecutionSiteKind.PerPropertyRead => $"on every read of property '{site.Name}'",
            _ => site.Name == "lambda" ? "on every call of a lambda and not kept" : $"on every call of '{site.Name}' and not kept",
        };

        // The creation initialises an instance member: assigned to this object's field or property, or an instance field initialiser.
        private static bool IsBuiltPerInstance(IOperation creation, ISymbol containingSymbol, ValueLifetime lifetime)
        {
            if (containingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor })
            {
                return lifetime is ValueLifetime.StoredInInstance or ValueLifetime.Transient or ValueLifetime.TransientDisposedExplicitly;
            }

            var root = creation;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            return root is IFieldInitializerOperation field && field.InitializedFields.Any(f => !f.IsStatic)
                || root is IPropertyInitializerOperation property && property.InitializedProperties.Any(p => !p.IsStatic);
        }

        // if (_client is null) _client = new …; if (_client != null) return _client; a lock: lazy initialisation, guarded by
        // a test of the member it sets anywhere in the method, runs once.
        private static bool IsGuarded(IOperation creation)
        {
            var assignment = creation.Parent;
            while (assignment is IConversionOperation)
            {
                assignment = assignment.Parent;
            }

            if (assignment is not ISimpleAssignmentOperation { Target: IMemberReferenceOperation target })
            {
                return false;
            }

            var root = assignment;
            while (root.Parent is not null)
            {
                if (root.Parent is ILockOperation)
                {
                    return true;
                }

                root = root.Parent;
            }

            foreach (var operation in root.Descendants())
            {
                var test = operation switch
                {
                    IConditionalOperation conditional => conditional.Condition,
                    ICoalesceOperation coalesce => coalesce.Value,
                    IConditionalAccessOperation access => access.Operation,
                    _ => null,
                };
                if (test is not null && References(test, target.Member))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool References(IOperation operation, ISymbol member)
        {
            foreach (var descendant in operation.DescendantsAndSelf())
            {
                if (descendant is IMemberReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Member, member))
                {
                    return true;
                }
            }

            return false;
        }

        // IKernelBuilder.Build() (an extension method in Semantic Kernel 1.x) builds the kernel's service provider and connectors.
        private bool IsKernelBuild(IMethodSymbol method)
            => method.Name == "Build" && _kernelBuilder is not null && method.GetReceiverType().IsOrImplements(_kernelBuilder);

        private bool IsReturnedByFactory(IOperation creation, IMethodSymbol method, CancellationToken cancellationToken)
            => method.MethodKind == MethodKind.Ordinary
            && IsClientLike(UnwrapTask(method.ReturnType))
            && Factory(method.OriginalDefinition, 0, cancellationToken) is not null;

        /// <summary>
        /// The type a method of this compilation returns newly created on every call (a factory such as
        /// <c>GetKernel()</c> or <c>CreateHttpClient(...)</c>), or null: every return must hand back a fresh client, a
        /// wrapper of one, or another factory's result, never a cached field.
        /// </summary>
        private string? Factory(IMethodSymbol method, int depth, CancellationToken cancellationToken)
        {
            if (_factories.TryGetValue(method, out var known))
            {
                return known;
            }

            // Depth bounds recursion between factories; only answers asked from the top are cached, so a concurrent
            // analysis never reads an answer still being made.
            var created = depth <= MaxFactoryDepth ? FindFactoryResult(method, depth, cancellationToken) : null;
            if (depth == 0)
            {
                _factories.TryAdd(method, created);
            }

            return created;
        }

        private string? FindFactoryResult(IMethodSymbol method, int depth, CancellationToken cancellationToken)
        {
            if (method.IsAbstract || method.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            // Only methods returning a client type are summarised, once per compilation.
            if (SourceMethodBody.Of(_compilation, method.DeclaringSyntaxReferences[0], worthBinding: null, cancellationToken) is not { } body)
            {
                return null;
            }

            string? created = null;
            foreach (var operation in body.Descendants())
            {
                if (operation is not IReturnOperation { ReturnedValue: { } returned } returnOperation
                    || IsInNestedFunction(returnOperation))
                {
                    continue;
                }

                var fresh = FreshClient(returned, body, depth, cancellationToken);
                if (fresh is null)
                {
                    return null;
                }

                created ??= fresh;
            }

            return created;
        }

        private static bool IsInNestedFunction(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return true;
                }
            }

            return false;
        }

        // The client type a returned value newly creates, or null when it may be a shared one.
        private string? FreshClient(IOperation value, IOperation body, int depth, CancellationToken cancellationToken)
        {
            value = value.WalkDownImplicitConversions();
            while (value is IConversionOperation or IAwaitOperation)
            {
                value = value is IConversionOperation conversion ? conversion.Operand : ((IAwaitOperation)value).Operation;
            }

            switch (value)
            {
                case IObjectCreationOperation creation when IsExpensiveClientCreation(creation):
                    var lifetime = ValueLifetimeAnalysis.Analyze(creation, IsClientLike, returnIsKept: false);
                    return lifetime is ValueLifetime.Transient ? creation.Type!.Name : null;

                case IInvocationOperation build when IsKernelBuild(build.TargetMethod):
                    return "Kernel";

                case IInvocationOperation invocation when invocation.TargetMethod.DeclaringSyntaxReferences.Length == 1
                    && IsClientLike(UnwrapTask(invocation.TargetMethod.ReturnType))
                    && !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition, invocation.TargetMethod.ContainingSymbol):
                    // A project's own factory, or its own extension that wraps a fresh client (client.BuildStandard()).
                    return Factory(invocation.TargetMethod.OriginalDefinition, depth + 1, cancellationToken)
                        ?? (invocation.Receiver() is { } wrapped ? FreshClient(wrapped, body, depth, cancellationToken) : null);

                case IObjectCreationOperation wrapperCreation when IsClientLike(wrapperCreation.Type):
                    // new ChatClientAgent(freshChatClient, …): an agent around a client made here.
                    foreach (var argument in wrapperCreation.Arguments)
                    {
                        if (IsClientLike(argument.Value.WalkDownImplicitConversions().Type)
                            && FreshClient(argument.Value, body, depth, cancellationToken) is { } inner)
                        {
                            return inner;
                        }
                    }

                    return null;

                case IInvocationOperation wrapper when IsClientLike(wrapper.Type) && wrapper.Receiver() is { } receiver:
                    // new OpenAIClient(key).GetChatClient(model).AsIChatClient(): a wrapper of a fresh client.
                    return FreshClient(receiver, body, depth, cancellationToken);

                case ILocalReferenceOperation local:
                    return FreshLocal(local.Local, body, depth, cancellationToken);

                default:
                    return null;
            }
        }

        // A local assigned exactly once, from a fresh client that is not stored anywhere else.
        private string? FreshLocal(ILocalSymbol local, IOperation body, int depth, CancellationToken cancellationToken)
        {
            IOperation? assigned = null;
            foreach (var operation in body.Descendants())
            {
                var value = operation switch
                {
                    IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local) => declarator.Initializer?.Value,
                    ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local) => assignment.Value,
                    _ => null,
                };
                if (value is null)
                {
                    continue;
                }

                if (assigned is not null)
                {
                    return null;
                }

                assigned = value;
            }

            return assigned is null ? null : FreshClient(assigned, body, depth, cancellationToken);
        }

        /// <summary>
        /// A client whose creation costs something: an OllamaApiClient handed an existing HttpClient (from
        /// IHttpClientFactory, say) only wraps it, so it is not one.
        /// </summary>
        private bool IsExpensiveClientCreation(IObjectCreationOperation creation)
        {
            if (!IsClientType(creation.Type))
            {
                return false;
            }

            if (creation.Type.InheritsFromOrEquals(_ollamaClient))
            {
                foreach (var argument in creation.Arguments)
                {
                    if (argument.Value.WalkDownImplicitConversions().Type.InheritsFromOrEquals(_httpClient))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>
        /// The client type a class of this compilation creates in its constructor or instance field initialisers (a
        /// project's own wrapper around an HttpClient or a session), or null. Creating such a wrapper creates the client.
        /// </summary>
        private string? OwnedClient(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            if (type.TypeKind != TypeKind.Class || type.DeclaringSyntaxReferences.IsEmpty || IsClientLike(type))
            {
                return null;
            }

            return _ownedClients.GetOrAdd(type.OriginalDefinition, t => FindOwnedClient((INamedTypeSymbol)t, cancellationToken));
        }

        private string? FindOwnedClient(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (!_compilation.ContainsSyntaxTree(reference.SyntaxTree) || reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration)
                {
                    continue;
                }

                SemanticModel? model = null;
                foreach (var member in declaration.Members)
                {
                    var isInstanceSetup = member switch
                    {
                        ConstructorDeclarationSyntax constructor => !constructor.Modifiers.Any(SyntaxKind.StaticKeyword),
                        FieldDeclarationSyntax field => !field.Modifiers.Any(SyntaxKind.StaticKeyword) && !field.Modifiers.Any(SyntaxKind.ConstKeyword),
                        PropertyDeclarationSyntax property => property.Initializer is not null && !property.Modifiers.Any(SyntaxKind.StaticKeyword),
                        _ => false,
                    };
                    if (!isInstanceSetup)
                    {
                        continue;
                    }

                    foreach (var creation in member.DescendantNodes().OfType<BaseObjectCreationExpressionSyntax>())
                    {
                        // Syntax first: only a `new` naming a client type, or a target-typed `new(...)`, is bound.
                        if (creation is ObjectCreationExpressionSyntax { Type: var typeSyntax } && !s_clientSimpleNames.Contains(RightmostName(typeSyntax)))
                        {
                            continue;
                        }

#pragma warning disable RS1030 // Once per type of this compilation that code creates; the driver caches models.
                        model ??= _compilation.GetSemanticModel(reference.SyntaxTree);
#pragma warning restore RS1030
                        if (model.GetOperation(creation, cancellationToken) is IObjectCreationOperation bound && IsExpensiveClientCreation(bound))
                        {
                            return bound.Type!.Name;
                        }
                    }
                }
            }

            return null;
        }

        // The namespaces a creation's type name may come from: its qualifier when written qualified, else every using
        // directive of the file and of the namespaces around it (global usings of other files are not looked at).
        private static bool NamesClientNamespace(BaseObjectCreationExpressionSyntax creation, string name)
        {
            if (creation is ObjectCreationExpressionSyntax { Type: QualifiedNameSyntax qualified })
            {
                return s_clientTypeNames.Contains(qualified.Left + "." + name);
            }

            foreach (var ancestor in creation.Ancestors())
            {
                var usings = ancestor switch
                {
                    CompilationUnitSyntax unit => unit.Usings,
                    BaseNamespaceDeclarationSyntax ns => ns.Usings,
                    _ => default,
                };
                foreach (var directive in usings)
                {
                    if (directive.Alias is null && directive.StaticKeyword.IsKind(SyntaxKind.None) && directive.Name is { } imported
                        && s_clientTypeNames.Contains(imported + "." + name))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static string RightmostName(TypeSyntax type) => type switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            _ => string.Empty,
        };

        private ITypeSymbol? UnwrapTask(ITypeSymbol? type)
            => type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic
                && generic.Name is "Task" or "ValueTask"
                && generic.ContainingNamespace.IsNamespace("System.Threading.Tasks")
                ? generic.TypeArguments[0]
                : type;

        private bool IsClientType(ITypeSymbol? type)
            => type is not null && _clientTypeAnswers.GetOrCompute(type, _inheritsFromAClientType);

        private bool InheritsFromAClientType(ITypeSymbol type)
        {
            foreach (var clientType in ClientTypes)
            {
                if (type.InheritsFromOrEquals(clientType))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Clients and the wrappers or sub-clients made from them, which carry the same pipeline.</summary>
        /// <remarks>
        /// Asked of every invocation's return type and every creation's type in the compilation, so each answer is kept
        /// rather than walking every client type's bases and interfaces again.
        /// </remarks>
        private bool IsClientLike(ITypeSymbol? type)
            => type is not null && _clientLikeAnswers.GetOrCompute(type, _isClientOrWrapper);

        private bool IsClientOrWrapper(ITypeSymbol type)
        {
            if (IsClientType(type))
            {
                return true;
            }

            foreach (var clientInterface in _clientInterfaces)
            {
                if (type.IsOrImplements(clientInterface))
                {
                    return true;
                }
            }

            return false;
        }

        private static ImmutableArray<INamedTypeSymbol> Resolve(Compilation compilation, ImmutableArray<string> names)
        {
            var builder = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (var name in names)
            {
                if (compilation.GetBestTypeByMetadataName(name) is { } type)
                {
                    builder.Add(type);
                }
            }

            return builder.ToImmutable();
        }
    }
}
