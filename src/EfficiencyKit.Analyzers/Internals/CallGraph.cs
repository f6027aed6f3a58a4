using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Who calls a method of this compilation, and so how often it runs: per request or per item when a caller (up to
/// <see cref="MaxDepth"/> calls away) runs it from a loop, a per-item lambda or a request handler; once when every
/// caller runs once (Main, top-level statements, a static constructor, or a method itself run once). Built lazily,
/// per compilation and only when asked: for each name asked, its call sites (or uses as a method group) found from the
/// source text, then binding of the few whose name matches. Concurrent-safe; results are memoised per name and method.
/// </summary>
internal sealed class CallGraph
{
    private const int MaxDepth = 4;
    private const string TopLevelStatementsEntryPoint = "<Main>$";

    private static readonly ConditionalWeakTable<Compilation, CallGraph> Instances = new();

    private static readonly ImmutableHashSet<string> s_componentLifecycleMethods = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "OnInitialized", "OnInitializedAsync", "OnParametersSet", "OnParametersSetAsync", "OnAfterRender", "OnAfterRenderAsync",
        "SetParametersAsync", "BuildRenderTree", "Dispose", "DisposeAsync", "ShouldRender");

    private readonly Compilation _compilation;
    private readonly ExecutionContextTypes _types;
    private readonly INamedTypeSymbol? _componentBase;
    private readonly INamedTypeSymbol? _jsInvokable;
    private readonly ConcurrentDictionary<string, List<SimpleNameSyntax>> _references = new(StringComparer.Ordinal);
    private readonly Lazy<ImmutableHashSet<INamedTypeSymbol>> _perRequestServices;
    private readonly ConcurrentDictionary<IMethodSymbol, CallFrequency> _frequencies = new(SymbolEqualityComparer.Default);

    private CallGraph(Compilation compilation)
    {
        _compilation = compilation;
        _types = new ExecutionContextTypes(compilation);
        _componentBase = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Components.ComponentBase");
        _jsInvokable = compilation.GetBestTypeByMetadataName("Microsoft.JSInterop.JSInvokableAttribute");
        _perRequestServices = new Lazy<ImmutableHashSet<INamedTypeSymbol>>(FindPerRequestServices, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public static CallGraph For(Compilation compilation) => Instances.GetValue(compilation, c => new CallGraph(c));

    /// <summary>How often <paramref name="method"/> runs, judged from its callers in this compilation.</summary>
    public CallFrequency GetFrequency(IMethodSymbol method, CancellationToken cancellationToken)
        => GetFrequency(method.OriginalDefinition, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), cancellationToken);

    /// <summary>Whether any method called (or passed as a method group) in this compilation has this simple name; from the same per-name search as the callers.</summary>
    public bool NamesCall(string name) => References(name).Count > 0;

    /// <summary>
    /// True for a type the framework creates per request or per use: a controller, Razor page model, SignalR hub,
    /// Blazor component, or a service registered scoped or transient (<c>AddScoped</c>, <c>AddTransient</c>,
    /// <c>AddHttpClient&lt;T&gt;</c>) in this compilation. What its constructor builds, it builds per request.
    /// </summary>
    public bool IsPerRequestType(INamedTypeSymbol type)
        => type.InheritsFromOrEquals(_types.ControllerBase)
        || type.HasAttribute(_types.ApiControllerAttribute)
        || type.InheritsFromOrEquals(_types.PageModel)
        || type.InheritsFromOrEquals(_types.Hub)
        || type.InheritsFromOrEquals(_componentBase)
        || _perRequestServices.Value.Contains(type.OriginalDefinition);

    // Only answers asked from the top (no method on the path yet) are cached: an answer cut short by a cycle on the
    // path is not, so concurrent analyses never see a half-made one.
    private CallFrequency GetFrequency(IMethodSymbol method, HashSet<IMethodSymbol> path, CancellationToken cancellationToken)
    {
        if (_frequencies.TryGetValue(method, out var known))
        {
            return known;
        }

        if (path.Count > MaxDepth || !path.Add(method))
        {
            return CallFrequency.Unknown;
        }

        var frequency = Compute(method, path, cancellationToken);
        path.Remove(method);
        if (path.Count == 0)
        {
            _frequencies.TryAdd(method, frequency);
        }

        return frequency;
    }

    private CallFrequency Compute(IMethodSymbol method, HashSet<IMethodSymbol> path, CancellationToken cancellationToken)
    {
        if (method.HasAttribute(_jsInvokable))
        {
            return CallFrequency.Repeated(ExecutionSiteKind.PerRequest, $"on every call from JavaScript of '{method.Name}'");
        }

        if (method.MethodKind != MethodKind.Ordinary || method.DeclaringSyntaxReferences.IsEmpty)
        {
            return CallFrequency.Unknown;
        }

        var callers = FindCallers(method, cancellationToken);
        // No call, or only method-group uses (whose calls we cannot see).
        if (callers.IsDefaultOrEmpty)
        {
            return IsComponentHandler(method)
                ? CallFrequency.Repeated(ExecutionSiteKind.PerRequest, $"on every UI event handled by '{method.Name}'")
                : CallFrequency.Unknown;
        }

        var unknown = false;
        foreach (var (call, caller) in callers)
        {
            var site = ExecutionSiteFinder.Find(call, caller, _types);
            if (site.IsRepeated)
            {
                return CallFrequency.Repeated(site.Kind, Describe(site));
            }

            switch (site.Kind)
            {
                case ExecutionSiteKind.PerCall when caller is IMethodSymbol { MethodKind: MethodKind.Ordinary } callerMethod && site.Name == callerMethod.Name:
                    var callerFrequency = GetFrequency(callerMethod.OriginalDefinition, path, cancellationToken);
                    if (callerFrequency.IsRepeated)
                    {
                        return CallFrequency.Repeated(callerFrequency.Kind, $"from '{callerMethod.Name}', {callerFrequency.Description}");
                    }

                    unknown |= !callerFrequency.IsOnce;
                    break;

                case ExecutionSiteKind.Once when caller is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor:
                    if (IsPerRequestType(constructor.ContainingType))
                    {
                        return CallFrequency.Repeated(ExecutionSiteKind.PerRequest, $"from the constructor of '{constructor.ContainingType.Name}', created per request");
                    }

                    unknown = true;
                    break;

                case ExecutionSiteKind.Once when caller is IMethodSymbol runOnce && IsEntryPoint(runOnce):
                    break;

                default:
                    unknown = true;
                    break;
            }
        }

        return unknown ? CallFrequency.Unknown : CallFrequency.Once;
    }

    private static bool IsEntryPoint(IMethodSymbol method)
        => method.MethodKind == MethodKind.StaticConstructor
        || method.Name == TopLevelStatementsEntryPoint
        || (method.Name == "Main" && method.IsStatic);

    private static string Describe(ExecutionSite site) => site.Kind switch
    {
        ExecutionSiteKind.Loop => $"called in a '{site.Name}' loop",
        ExecutionSiteKind.PerItem => $"called for every item in the lambda passed to '{site.Name}'",
        _ => $"called on every request handled by '{site.Name}'",
    };

    // Blazor handlers are bound from markup: no C# call, or only method-group references from the generated code.
    private bool IsComponentHandler(IMethodSymbol method)
        => method.ContainingType.InheritsFromOrEquals(_componentBase)
        && !method.IsStatic
        && !s_componentLifecycleMethods.Contains(method.Name);

    /// <summary>
    /// The calls of <paramref name="method"/> (directly, or through an interface member or base method it implements)
    /// with the member they sit in; default when it is also used as a method group, whose calls we cannot see.
    /// </summary>
    public ImmutableArray<(IOperation Call, ISymbol Caller)> FindCallers(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var nodes = References(method.Name);
        if (nodes.Count == 0)
        {
            return ImmutableArray<(IOperation, ISymbol)>.Empty;
        }

        var callers = ImmutableArray.CreateBuilder<(IOperation, ISymbol)>();
        foreach (var node in nodes)
        {
            var isCall = node.Parent is InvocationExpressionSyntax invocation && invocation.Expression == node
                || node.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax } access && access.Name == node
                || node.Parent is MemberBindingExpressionSyntax { Parent: InvocationExpressionSyntax };
            // Syntax first: a call with an argument count the method cannot take calls another method of that name.
            if (isCall && node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } called && !AritiesMatch(method, called.ArgumentList.Arguments.Count))
            {
                continue;
            }

#pragma warning disable RS1030 // Only the call sites whose name (and argument count) matches are bound, once per asked method; the driver caches models.
            var model = _compilation.GetSemanticModel(node.SyntaxTree);
#pragma warning restore RS1030
            var symbol = model.GetSymbolInfo(node, cancellationToken).Symbol as IMethodSymbol;
            if (symbol is null || !Runs(symbol, method))
            {
                continue;
            }

            if (!isCall)
            {
                return default;
            }

            var invocationSyntax = node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (invocationSyntax is null
                || model.GetOperation(invocationSyntax, cancellationToken) is not { } call
                || model.GetEnclosingSymbol(invocationSyntax.SpanStart, cancellationToken) is not { } enclosing)
            {
                return default;
            }

            callers.Add((call, ContainingMember(enclosing)));
        }

        return callers.ToImmutable();
    }

    // Whether a call with this many arguments can bind to the method, or to an interface member or base method it
    // implements (whose optional and params parameters may differ); an extension method may be called in either form.
    private static bool AritiesMatch(IMethodSymbol method, int arguments)
    {
        if (method.AcceptsArgumentCount(arguments))
        {
            return true;
        }

        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (overridden.AcceptsArgumentCount(arguments))
            {
                return true;
            }
        }

        foreach (var implemented in method.ExplicitInterfaceImplementations)
        {
            if (implemented.AcceptsArgumentCount(arguments))
            {
                return true;
            }
        }

        foreach (var type in method.ContainingType.AllInterfaces)
        {
            foreach (var member in type.GetMembers(method.Name))
            {
                if (member is IMethodSymbol candidate && candidate.AcceptsArgumentCount(arguments)
                    && SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(candidate)?.OriginalDefinition, method))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static ISymbol ContainingMember(ISymbol symbol)
    {
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } && symbol.ContainingSymbol is not null)
        {
            symbol = symbol.ContainingSymbol;
        }

        return symbol;
    }

    // Whether a call to 'target' runs 'method': the same method, or an interface or base member it implements.
    private static bool Runs(IMethodSymbol target, IMethodSymbol method)
    {
        target = target.OriginalDefinition;
        if (SymbolEqualityComparer.Default.Equals(target, method))
        {
            return true;
        }

        if (target.ContainingType?.TypeKind == TypeKind.Interface)
        {
            return SymbolEqualityComparer.Default.Equals(
                method.ContainingType.FindImplementationForInterfaceMember(target)?.OriginalDefinition,
                method);
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

    private List<SimpleNameSyntax> References(string name) => _references.GetOrAdd(name, FindReferences);

    // Syntax only: the simple names spelled `name` that are called, or that appear where a method group can (argument,
    // assignment, +=), in source order. Found from each tree's text and then its token at each match, so only the names
    // asked about cost anything, and nothing is kept for the others. The index of every called name this replaces, built
    // by walking every syntax node, took 65-273 ms per compilation of Semantic Kernel's dotnet/src; searching for the 28
    // names EK1001 asks about there takes 64-108 ms (Stopwatch probes, a warm-up and two repeats each). An identifier
    // spelled with a Unicode escape (\u0041) is not found; an @-prefixed one is.
    private List<SimpleNameSyntax> FindReferences(string name)
    {
        var found = new List<SimpleNameSyntax>();
        if (name.Length == 0)
        {
            // Nothing is called by an empty name (an anonymous function's symbol has one), and an empty search never advances.
            return found;
        }

        foreach (var tree in _compilation.SyntaxTrees)
        {
            // A tree parsed from a string hands that string back here, without a copy.
            var text = tree.GetText().ToString();
            SyntaxNode? root = null;
            for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + name.Length, StringComparison.Ordinal))
            {
                root ??= tree.GetRoot();
                var token = root.FindToken(at);
                if (token.IsKind(SyntaxKind.IdentifierToken)
                    && (token.SpanStart == at || (token.SpanStart + 1 == at && token.Text[0] == '@'))
                    && token.ValueText == name
                    && token.Parent is SimpleNameSyntax simple
                    && MayReferToMethod(simple))
                {
                    found.Add(simple);
                }
            }
        }

        return found;
    }

    private static bool MayReferToMethod(SimpleNameSyntax name)
    {
        SyntaxNode expression = name.Parent is MemberAccessExpressionSyntax access && access.Name == name
            ? access
            : name.Parent is MemberBindingExpressionSyntax binding ? binding : name;
        return expression.Parent switch
        {
            InvocationExpressionSyntax invocation => invocation.Expression == expression,
            ConditionalAccessExpressionSyntax => expression is MemberBindingExpressionSyntax,
            ArgumentSyntax => true,
            AssignmentExpressionSyntax assignment => assignment.Right == expression,
            EqualsValueClauseSyntax => true,
            _ => false,
        };
    }

    // Types registered as scoped or transient services: AddScoped<TService, TImpl>(), AddTransient<T>(), AddHttpClient<T>(), AddScoped(typeof(T)).
    private ImmutableHashSet<INamedTypeSymbol> FindPerRequestServices()
    {
        var types = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var name in new[] { "AddScoped", "AddTransient", "TryAddScoped", "TryAddTransient", "AddHttpClient" })
        {
            foreach (var node in References(name))
            {
#pragma warning disable RS1030 // Bound once per compilation, and only the registrations.
                var model = _compilation.GetSemanticModel(node.SyntaxTree);
#pragma warning restore RS1030
                if (model.GetSymbolInfo(node).Symbol is not IMethodSymbol method)
                {
                    continue;
                }

                if (!method.TypeArguments.IsEmpty)
                {
                    if (method.TypeArguments[method.TypeArguments.Length - 1] is INamedTypeSymbol implementation)
                    {
                        types.Add(implementation.OriginalDefinition);
                    }

                    continue;
                }

                if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } invocation)
                {
                    foreach (var argument in invocation.ArgumentList.Arguments)
                    {
                        if (argument.Expression is TypeOfExpressionSyntax typeOf && model.GetTypeInfo(typeOf.Type).Type is INamedTypeSymbol registered)
                        {
                            types.Add(registered.OriginalDefinition);
                        }
                    }
                }
            }
        }

        return types.ToImmutable();
    }
}
