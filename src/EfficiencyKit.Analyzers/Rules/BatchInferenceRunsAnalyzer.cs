using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1102: ONNX Runtime <c>InferenceSession.Run</c> once per loop iteration or per item, on an input tensor whose
/// batch dimension is the constant 1. Each call pays ORT's per-run overhead and runs the weights through the
/// CPU for one row; one call on a stacked batch amortises both. Reported only when a batch-of-one shape is
/// visible (a <c>DenseTensor</c> or <c>OrtValue</c> created with a leading 1 in the loop, or from a shape array
/// whose first element is 1): a Run in a loop over ready-made batches is not waste.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BatchInferenceRunsAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.BatchInferenceRuns,
        "Batch ONNX Runtime inference instead of running one item at a time",
        "'{0}' runs {1} on a batch of one ({2}); stack the items into one tensor with a batch dimension and call '{0}' once per batch{3}",
        RuleCategories.Batching,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        "A model with a symbolic batch dimension accepts [N, ...] inputs. Running it once per item pays ONNX Runtime's per-run overhead N times "
        + "and streams the weights through the CPU for a single row each time; one run on a stacked batch does the same work far more efficiently.",
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.BatchInferenceRuns));

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
            if (session is null)
            {
                return;
            }

            var denseTensor = compilation.GetBestTypeByMetadataName("Microsoft.ML.OnnxRuntime.Tensors.DenseTensor`1");
            var ortValue = compilation.GetBestTypeByMetadataName("Microsoft.ML.OnnxRuntime.OrtValue");
            var executionTypes = new ExecutionContextTypes(compilation);
            var summaries = SingleInputCallSummaries.For(compilation);
            compilationContext.RegisterOperationAction(c => Analyze(c, session, denseTensor, ortValue, executionTypes, summaries), OperationKind.Invocation);

            // A call whose arguments include an unbound type still names its method: follow it rather than go silent.
            compilationContext.RegisterOperationAction(c => AnalyzeHelperCall(c, c.Operation, executionTypes, summaries), OperationKind.Invalid);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol session, INamedTypeSymbol? denseTensor, INamedTypeSymbol? ortValue, ExecutionContextTypes executionTypes, SingleInputCallSummaries summaries)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name is not ("Run" or "RunAsync") || !invocation.TargetMethod.ContainingType.InheritsFromOrEquals(session))
        {
            AnalyzeHelperCall(context, invocation, executionTypes, summaries);
            return;
        }

        var site = ExecutionSiteFinder.Find(invocation, context.ContainingSymbol, executionTypes);
        if (site.Kind is not (ExecutionSiteKind.Loop or ExecutionSiteKind.PerItem) || RepeatedRegion(invocation) is not { } region)
        {
            return;
        }

        var shape = region.Descendants()
            .Select(o => BatchOfOneShape(o, denseTensor, ortValue, context.CancellationToken))
            .FirstOrDefault(s => s is not null);
        if (shape is null)
        {
            return;
        }

        var where = site.Kind == ExecutionSiteKind.Loop ? $"per iteration of a '{site.Name}' loop" : $"per item of the lambda passed to '{site.Name}'";
        context.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, invocation.Syntax.GetLocation(), context.Options, null, null, null, invocation.TargetMethod.Name, where, shape));
    }

    // One method boundary: a helper of this compilation that runs the session on a batch of one each time it is called.
    private static void AnalyzeHelperCall(OperationAnalysisContext context, IOperation call, ExecutionContextTypes executionTypes, SingleInputCallSummaries summaries)
    {
        if (summaries.CalleeIfRepeated(call, context.ContainingSymbol, executionTypes) is not { } callee
            || PerItemCallGuards.CannotBatch(call, callee)
            || summaries.Find(call, callee, context.CancellationToken) is not { Kind: SingleInputCallKind.Inference } helper)
        {
            return;
        }

        var site = PerItemSite.Find(call, context.ContainingSymbol, executionTypes);
        var where = site.Kind == ExecutionSiteKind.Loop ? $"per iteration of a '{site.Name}' loop" : $"per item of the lambda passed to '{site.Name}'";
        context.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, call.Syntax.GetLocation(), context.Options, null, null, null, callee.Name, where, $"it calls {helper.Description}"));
    }

    // The body that runs per item: the nearest enclosing loop's body, else the outermost enclosing lambda.
    private static IOperation? RepeatedRegion(IOperation operation)
    {
        IOperation? lambda = null;
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ILoopOperation loop:
                    return loop.Body;
                case IAnonymousFunctionOperation function:
                    lambda = function.Body;
                    break;
                case ILocalFunctionOperation or IMethodBodyOperation:
                    return lambda;
            }
        }

        return lambda;
    }

    // "[1, 256]" when the operation creates a DenseTensor or OrtValue whose shape starts with the constant 1.
    internal static string? BatchOfOneShape(IOperation operation, INamedTypeSymbol? denseTensor, INamedTypeSymbol? ortValue, CancellationToken cancellationToken)
    {
        var shape = operation switch
        {
            IObjectCreationOperation { Type: INamedTypeSymbol type } creation when denseTensor is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, denseTensor)
                => creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "dimensions")?.Value,
            IInvocationOperation call when ortValue is not null && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, ortValue) && call.TargetMethod.Name.StartsWith("Create", StringComparison.Ordinal)
                => call.Arguments.FirstOrDefault(a => a.Parameter?.Name == "shape")?.Value,
            _ => null,
        };
        return shape is not null && FirstDimensionIsOne(shape, cancellationToken) ? Describe(shape) : null;
    }

    private static bool FirstDimensionIsOne(IOperation shape, CancellationToken cancellationToken)
    {
        var value = shape.WalkDownImplicitConversions();
        switch (value)
        {
            case IArrayCreationOperation { Initializer.ElementValues: { Length: > 0 } elements }:
                return IsOne(elements[0]);
            case IArrayInitializerOperation { ElementValues: { Length: > 0 } bare }:
                return IsOne(bare[0]);
            case ILocalReferenceOperation local:
                return local.Local.DeclaredInitializer(value, cancellationToken) is { } initial && FirstDimensionIsOne(initial, cancellationToken);
            case IFieldReferenceOperation field:
                return field.Field.DeclaredInitializer(value, cancellationToken) is { } fieldInitial && FirstDimensionIsOne(fieldInitial, cancellationToken);
        }

        // Collection expressions ([1, 256]): read the first element from syntax.
        return value.Syntax is CollectionExpressionSyntax { Elements.Count: > 0 } collection
            && collection.Elements[0] is ExpressionElementSyntax first
            && value.SemanticModel?.GetConstantValue(first.Expression, cancellationToken) is { HasValue: true, Value: int or long } constant
            && Convert.ToInt64(constant.Value, System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    private static bool IsOne(IOperation element)
        => element.WalkDownImplicitConversions().ConstantValue is { HasValue: true, Value: int or long } constant && Convert.ToInt64(constant.Value, System.Globalization.CultureInfo.InvariantCulture) == 1;

    private static string Describe(IOperation shape)
    {
        var text = shape.WalkDownImplicitConversions().Syntax.ToString();
        return text.Length > 40 ? text.Substring(0, 40) + "…" : text;
    }
}
