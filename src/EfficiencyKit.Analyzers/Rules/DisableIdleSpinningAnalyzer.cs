using System.Collections.Concurrent;

namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1206: a long-lived ONNX Runtime session (held in a field or property, or registered in DI) whose SessionOptions leave
/// intra-op spinning on (ORT's default), run from a request/response shape: an ASP.NET Core action, minimal-API handler,
/// hub or function, a method those call (transitively, within the compilation), or a loop in a hosted service that awaits
/// between runs. After every run ORT's worker threads busy-wait for more work, burning CPU while the service waits for the
/// next request. A batch job that runs back to back is not reported: no request shape reaches its Run. Reported at
/// compilation end, because the creation and the per-request Run are usually in different methods.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DisableIdleSpinningAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: "true" when the intra-op key must be added.</summary>
    public const string IntraOpProperty = "IntraOp";

    /// <summary>Diagnostic property: "true" when the inter-op key must be added (parallel execution mode).</summary>
    public const string InterOpProperty = "InterOp";

    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.DisableIdleSpinning,
        "Turn off ONNX Runtime's thread spinning in request/response services",
        "'{0}' is run {1} and its SessionOptions leave {2} spinning on, ONNX Runtime's default: after every run its worker threads busy-wait for more work, burning CPU while the service waits for the next request; add AddSessionConfigEntry(\"{3}\", \"0\"){4}",
        RuleCategories.Precision,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        "Spinning trades CPU for a few microseconds of latency when runs come back to back. Between requests nothing comes, and the "
        + "spinning threads burn a large share of a core per idle second (see the rule's page for the measurement).",
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.DisableIdleSpinning),
        WellKnownDiagnosticTags.CompilationEnd);

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var compilation = compilationContext.Compilation;
            var session = compilation.GetBestTypeByMetadataName(ModelLoadSite.InferenceSessionType);
            var sessionOptions = compilation.GetBestTypeByMetadataName("Microsoft.ML.OnnxRuntime.SessionOptions");
            var types = new ExecutionContextTypes(compilation);
            var backgroundService = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Hosting.BackgroundService");
            var hostedService = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Hosting.IHostedService");

            // Without ONNX Runtime, or without any request/response framework, there is nothing to report (a console batch job).
            if (session is null || sessionOptions is null || compilation.IsTestProject()
                || (types.EndpointRouteBuilder is null && types.ControllerBase is null && types.Hub is null && hostedService is null
                    && types.FunctionAttribute is null && types.FunctionNameAttribute is null)
                || !MentionsInferenceSession(compilation, compilationContext.CancellationToken))
            {
                return;
            }

            var state = new State();
            compilationContext.RegisterOperationAction(
                c =>
                {
                    var creation = (IObjectCreationOperation)c.Operation;
                    if (SymbolEqualityComparer.Default.Equals(creation.Type, session))
                    {
                        state.AddCreation(creation, SpinningSettings.Read(creation, sessionOptions, session, c.CancellationToken), types);
                    }
                },
                OperationKind.ObjectCreation);
            compilationContext.RegisterOperationAction(c => state.AddInvocation((IInvocationOperation)c.Operation, c.ContainingSymbol, session, types, backgroundService, hostedService), OperationKind.Invocation);
            compilationContext.RegisterCompilationEndAction(state.Report);
        });
    }

    // Text pre-scan: a compilation whose source never names InferenceSession creates none (a creation names its type,
    // or a declaration typed with it for 'new()'), so there is no spinning session to report and no call graph to record.
    private static bool MentionsInferenceSession(Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.GetText(cancellationToken).ToString().IndexOf("InferenceSession", StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private sealed class MethodComparer : IEqualityComparer<IMethodSymbol>
    {
        public static MethodComparer Instance { get; } = new();

        public bool Equals(IMethodSymbol? x, IMethodSymbol? y) => SymbolEqualityComparer.Default.Equals(x, y);

        public int GetHashCode(IMethodSymbol obj) => SymbolEqualityComparer.Default.GetHashCode(obj);
    }

    private sealed class State
    {
        private readonly ConcurrentBag<(IObjectCreationOperation Creation, ISymbol? Target, SpinningSettings Settings)> _spinning = [];
        private readonly ConcurrentDictionary<ISymbol, byte> _created = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, string> _requestReceivers = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentBag<(IMethodSymbol Method, ISymbol Receiver)> _pendingRuns = [];
        private readonly ConcurrentDictionary<IMethodSymbol, string> _requestCalled = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentBag<(IMethodSymbol Caller, IMethodSymbol Callee)> _calls = [];

        public void AddCreation(IObjectCreationOperation creation, SpinningSettings? settings, ExecutionContextTypes types)
        {
            var target = StoredInto(creation, types, out var registered);
            if (target is not null)
            {
                _created.TryAdd(target, 0);
            }

            if (settings is { Spins: true } && (target is not null || registered))
            {
                _spinning.Add((creation, target, settings));
            }
        }

        public void AddInvocation(IInvocationOperation invocation, ISymbol containingSymbol, INamedTypeSymbol session, ExecutionContextTypes types, INamedTypeSymbol? backgroundService, INamedTypeSymbol? hostedService)
        {
            var site = ExecutionSiteFinder.Find(invocation, containingSymbol, types);
            var where = site.Kind == ExecutionSiteKind.PerRequest
                ? $"per request in '{site.Name}'"
                : WaitingHostedLoop(invocation, containingSymbol, backgroundService, hostedService);
            var isRun = invocation.TargetMethod.Name.StartsWith("Run", StringComparison.Ordinal) && invocation.TargetMethod.ContainingType.InheritsFromOrEquals(session);
            if (isRun && Receiver(invocation) is { } receiver)
            {
                if (where is not null)
                {
                    _requestReceivers.TryAdd(receiver, where);
                }
                else if (site.Kind == ExecutionSiteKind.PerCall && containingSymbol is IMethodSymbol method)
                {
                    _pendingRuns.Add((method.OriginalDefinition, receiver));
                }

                return;
            }

            if (!invocation.TargetMethod.Locations.Any(l => l.IsInSource))
            {
                return;
            }

            var callee = invocation.TargetMethod.OriginalDefinition;
            if (where is not null)
            {
                _requestCalled.TryAdd(callee, where);
            }
            else if (site.Kind == ExecutionSiteKind.PerCall && containingSymbol is IMethodSymbol caller)
            {
                _calls.Add((caller.OriginalDefinition, callee));
            }
        }

        public void Report(CompilationAnalysisContext context)
        {
            if (_spinning.IsEmpty)
            {
                return;
            }

            // Methods reachable from a request shape, with the reason of the shape that reaches them.
            var reached = new Dictionary<IMethodSymbol, string>(_requestCalled, SymbolEqualityComparer.Default);
            var callees = _calls.ToLookup(c => c.Caller, c => c.Callee, MethodComparer.Instance);
            var queue = new Queue<IMethodSymbol>(reached.Keys);
            while (queue.Count > 0)
            {
                var method = queue.Dequeue();
                foreach (var callee in callees[method].Concat(Implementations(method, callees)))
                {
                    if (!reached.ContainsKey(callee))
                    {
                        reached[callee] = reached[method];
                        queue.Enqueue(callee);
                    }
                }
            }

            var receivers = new Dictionary<ISymbol, string>(_requestReceivers, SymbolEqualityComparer.Default);
            foreach (var (method, receiver) in _pendingRuns)
            {
                if (!receivers.ContainsKey(receiver) && Reaches(method, reached) is { } where)
                {
                    receivers[receiver] = where.Replace("per request in", "per request, through").Replace("in a waiting loop of", "from a waiting loop, through") + $" and '{method.Name}'";
                }
            }

            // Sessions the request shape receives from DI (a parameter, or a field no creation in this compilation fills).
            var injected = receivers.FirstOrDefault(r => r.Key is IParameterSymbol || !_created.ContainsKey(r.Key));
            foreach (var (creation, target, settings) in _spinning)
            {
                var where = target is not null ? (receivers.TryGetValue(target, out var found) ? found : null) : injected.Value;
                if (where is null)
                {
                    continue;
                }

                var (pool, key) = settings.IntraOpSpins ? ("intra-op", SpinningSettings.IntraOpKey) : ("inter-op", SpinningSettings.InterOpKey);
                if (settings.IntraOpSpins && settings.InterOpSpins)
                {
                    pool = "intra-op and inter-op";
                }

                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(IntraOpProperty, settings.IntraOpSpins ? "true" : "false")
                    .Add(InterOpProperty, settings.InterOpSpins ? "true" : "false");
                var name = target?.Name ?? "the registered InferenceSession";
                context.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, creation.Syntax.GetLocation(), context.Options, null, properties, null, name, where, pool, key));
            }
        }

        // A method counts as reached when it is, overrides or implements a reached method (calls through interfaces and base classes).
        private static string? Reaches(IMethodSymbol method, Dictionary<IMethodSymbol, string> reached)
        {
            if (reached.TryGetValue(method, out var where))
            {
                return where;
            }

            for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                if (reached.TryGetValue(overridden.OriginalDefinition, out where))
                {
                    return where;
                }
            }

            foreach (var member in method.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers(method.Name)).OfType<IMethodSymbol>())
            {
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member)?.OriginalDefinition, method)
                    && reached.TryGetValue(member.OriginalDefinition, out where))
                {
                    return where;
                }
            }

            return null;
        }

        // Callers' methods that implement or override an interface or base method the walk reached.
        private static IEnumerable<IMethodSymbol> Implementations(IMethodSymbol reachedMethod, ILookup<IMethodSymbol, IMethodSymbol> callees)
            => callees.Select(g => g.Key).Where(m => !SymbolEqualityComparer.Default.Equals(m, reachedMethod) && IsImplementationOf(m, reachedMethod));

        private static bool IsImplementationOf(IMethodSymbol method, IMethodSymbol target)
        {
            if (target.ContainingType.TypeKind == TypeKind.Interface)
            {
                return SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(target)?.OriginalDefinition, method);
            }

            for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, target))
                {
                    return true;
                }
            }

            return false;
        }

        // The field or property the session is stored into, or (registered = true) a DI registration that owns it.
        private static ISymbol? StoredInto(IObjectCreationOperation creation, ExecutionContextTypes types, out bool registered)
        {
            registered = false;
            IOperation current = creation;
            while (current.Parent is IConversionOperation or ICoalesceOperation)
            {
                current = current.Parent;
            }

            switch (current.Parent)
            {
                case IAssignmentOperation { Target: IFieldReferenceOperation field } assignment when assignment.Value == current:
                    return field.Field.OriginalDefinition;
                case IAssignmentOperation { Target: IPropertyReferenceOperation property } assignment when assignment.Value == current:
                    return property.Property.OriginalDefinition;
                case IFieldInitializerOperation { InitializedFields: { Length: 1 } fields }:
                    return fields[0].OriginalDefinition;
                case IPropertyInitializerOperation { InitializedProperties: { Length: 1 } properties }:
                    return properties[0].OriginalDefinition;
            }

            registered = IsRegistration(creation, types);
            return null;
        }

        private static bool IsRegistration(IOperation creation, ExecutionContextTypes types)
        {
            for (var current = creation.Parent; current is not null; current = current.Parent)
            {
                if (current is IInvocationOperation { TargetMethod: var method }
                    && (method.Name.StartsWith("Add", StringComparison.Ordinal) || method.Name.StartsWith("TryAdd", StringComparison.Ordinal))
                    && (method.GetReceiverType().IsOrImplements(types.ServiceCollection) || method.GetReceiverType().IsOrImplements(types.HostApplicationBuilder)))
                {
                    return true;
                }
            }

            return false;
        }

        private static ISymbol? Receiver(IInvocationOperation invocation) => invocation.Instance?.WalkDownImplicitConversions() switch
        {
            IFieldReferenceOperation field => field.Field.OriginalDefinition,
            IPropertyReferenceOperation property => property.Property.OriginalDefinition,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };

        // "in a waiting loop of 'ExecuteAsync'": a loop in a hosted service that awaits (a channel read, a delay, a timer) between runs.
        private static string? WaitingHostedLoop(IInvocationOperation invocation, ISymbol containingSymbol, INamedTypeSymbol? backgroundService, INamedTypeSymbol? hostedService)
        {
            if (containingSymbol is not IMethodSymbol method
                || !(method.ContainingType.InheritsFromOrEquals(backgroundService) || method.ContainingType.IsOrImplements(hostedService)))
            {
                return null;
            }

            for (var current = invocation.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        return null;
                    case IForEachLoopOperation { IsAsynchronous: true }:
                        return $"in a waiting loop of '{method.Name}'";
                    case ILoopOperation loop when loop.Body.Descendants().Any(o => o is IAwaitOperation):
                        return $"in a waiting loop of '{method.Name}'";
                }
            }

            return null;
        }
    }
}
