using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1208: in a loop whose input tensors keep the same shape on every iteration (the shape is built from constants and
/// values the loop does not change), an ONNX Runtime <c>Run</c> overload that allocates its outputs each time, or
/// <c>OrtValue.CreateAllocatedTensorValue</c> allocating native memory each time. The outputs could be created once and
/// passed to the <c>Run</c> overload that takes them, or bound once with <c>OrtIoBinding</c>. Only loops in the same
/// method are seen, and only when the invariant shape is visible; test projects are skipped (they loop to compare).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReuseOutputBuffersAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.ReuseOutputBuffers,
        "Reuse ONNX Runtime output buffers across runs of the same shape",
        "'{0}' {1} on every iteration of a '{2}' loop although the input shape ({3}) stays the same; {4}{5}",
        RuleCategories.Precision,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        "When every run has the same shapes, the outputs can be allocated once: create OrtValues over buffers you keep and pass them to "
        + "Run(runOptions, inputNames, inputs, outputNames, outputs), or bind inputs and outputs once with OrtIoBinding and call RunWithBinding. "
        + "That saves an allocation, a native-to-managed wrapper and a collection per run.",
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.ReuseOutputBuffers));

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
            var ortValue = compilation.GetBestTypeByMetadataName("Microsoft.ML.OnnxRuntime.OrtValue");
            if (session is null || ortValue is null || compilation.IsTestProject())
            {
                return;
            }

            var denseTensor = compilation.GetBestTypeByMetadataName("Microsoft.ML.OnnxRuntime.Tensors.DenseTensor`1");
            compilationContext.RegisterOperationAction(c => Analyze(c, session, ortValue, denseTensor), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol session, INamedTypeSymbol ortValue, INamedTypeSymbol? denseTensor)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var isRun = method.Name == "Run" && !method.ReturnsVoid && method.ContainingType.InheritsFromOrEquals(session);
        var isAllocation = method.Name == "CreateAllocatedTensorValue" && SymbolEqualityComparer.Default.Equals(method.ContainingType, ortValue);
        if ((!isRun && !isAllocation) || EnclosingLoop(invocation) is not { } loop)
        {
            return;
        }

        var invariance = new LoopInvariance(loop);
        var shape = isAllocation
            ? InvariantShape(invocation, invariance, loop, ortValue, denseTensor, context.CancellationToken)
            : loop.Body.Descendants().Select(o => InvariantShape(o, invariance, loop, ortValue, denseTensor, context.CancellationToken)).FirstOrDefault(s => s is not null);
        if (shape is null)
        {
            return;
        }

        var (what, instead) = isRun
            ? ("allocates its outputs", "create the output OrtValues once before the loop and call the Run overload that takes them, or bind inputs and outputs once with OrtIoBinding and call RunWithBinding")
            : ("allocates native tensor memory", "allocate the OrtValue once before the loop and overwrite its contents (GetTensorMutableDataAsSpan) on each iteration");
        context.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, invocation.Syntax.GetLocation(), context.Options, null, null, null, method.Name, what, Keyword(loop), shape, instead));
    }

    // The nearest loop that runs the operation on every iteration, within the same method, lambda or local function.
    private static ILoopOperation? EnclosingLoop(IOperation operation)
    {
        var child = operation;
        for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
                case IForEachLoopOperation forEach when forEach.Collection == child:
                    return null;
                case IForLoopOperation forLoop when forLoop.Before.Contains(child):
                    return null;
                case ILoopOperation loop:
                    return loop;
            }
        }

        return null;
    }

    // The shape text when the operation creates a tensor (OrtValue.Create*(…, shape), new DenseTensor<T>(…, dimensions)) whose shape the loop does not change.
    private static string? InvariantShape(IOperation operation, LoopInvariance invariance, ILoopOperation loop, INamedTypeSymbol ortValue, INamedTypeSymbol? denseTensor, CancellationToken cancellationToken)
    {
        var shape = operation switch
        {
            IInvocationOperation call when SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, ortValue) && call.TargetMethod.Name.StartsWith("Create", StringComparison.Ordinal)
                => call.Arguments.FirstOrDefault(a => a.Parameter?.Name == "shape")?.Value,
            IObjectCreationOperation { Type: INamedTypeSymbol type } creation when denseTensor is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, denseTensor)
                => creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "dimensions")?.Value,
            _ => null,
        };
        if (shape is null)
        {
            return null;
        }

        var value = shape.WalkDownImplicitConversions();
        return IsInvariant(value, operation, invariance, loop, cancellationToken) ? Describe(value) : null;
    }

    private static bool IsInvariant(IOperation value, IOperation creation, LoopInvariance invariance, ILoopOperation loop, CancellationToken cancellationToken)
    {
        if (invariance.IsInvariant(value, creation))
        {
            return true;
        }

        switch (value)
        {
            // A shape array declared in the loop from invariant values and used there only by this creation.
            case ILocalReferenceOperation local when loop.Syntax.Span.Contains(local.Local.DeclaringSyntaxReferences.FirstOrDefault()?.Span ?? default)
                && local.Local.DeclaredInitializer(value, cancellationToken) is { } initializer:
                return loop.Descendants().OfType<ILocalReferenceOperation>().Count(r => SymbolEqualityComparer.Default.Equals(r.Local, local.Local)) == 1
                    && IsInvariant(initializer.WalkDownImplicitConversions(), creation, invariance, loop, cancellationToken);
        }

        // Collection expressions ([1, 384]): their elements, from syntax.
        return value.Syntax is CollectionExpressionSyntax { Elements.Count: > 0 } collection
            && value.SemanticModel is { } model
            && collection.Elements.All(e => e is ExpressionElementSyntax element
                && model.GetOperation(element.Expression, cancellationToken) is { } operation
                && invariance.IsInvariant(operation.WalkDownImplicitConversions(), creation));
    }

    private static string Keyword(ILoopOperation loop) => loop switch
    {
        IForEachLoopOperation forEach => forEach.IsAsynchronous ? "await foreach" : "foreach",
        IForLoopOperation => "for",
        IWhileLoopOperation { ConditionIsTop: false } => "do",
        IWhileLoopOperation => "while",
        _ => "loop",
    };

    private static string Describe(IOperation shape)
    {
        var text = shape.Syntax.ToString();
        return text.Length > 40 ? text.Substring(0, 40) + "…" : text;
    }
}
