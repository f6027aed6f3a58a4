using System.Globalization;

namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1207: ONNX Runtime thread counts (<c>SessionOptions.IntraOpNumThreads</c>/<c>InterOpNumThreads</c>,
/// <c>OrtThreadingOptions.GlobalIntraOpNumThreads</c>/<c>GlobalInterOpNumThreads</c>) set above the logical CPUs the
/// process has: <c>Environment.ProcessorCount</c> times a constant above 1, plus a positive constant, or shifted left;
/// or a constant above <c>EK1207.max_threads</c> (64). A constant at or below that bound cannot be judged at compile time
/// (it depends on the machine) and is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AvoidThreadOversubscriptionAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: "ProcessorCount" when the value is derived from Environment.ProcessorCount (the fix keeps only that operand).</summary>
    public const string KindProperty = "Kind";

    /// <summary>.editorconfig key: constants above this many threads are reported (default 64).</summary>
    public const string MaxThreadsOption = RuleIdentifiers.AvoidThreadOversubscription + ".max_threads";

    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.AvoidThreadOversubscription,
        "Do not give ONNX Runtime more threads than the machine has cores",
        "'{0}' is set to {1}, {2}; ONNX Runtime's threads then take turns on the same cores and spin while they wait for each other, so each run takes longer and burns more CPU; use Environment.ProcessorCount at most, or leave it unset (ONNX Runtime then uses the physical cores){3}",
        RuleCategories.Precision,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        "ONNX Runtime splits each operator across its intra-op threads and waits for all of them; more threads than cores means the "
        + "operating system time-slices them, the slowest slice decides the run's time, and the waiting threads spin meanwhile.",
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.AvoidThreadOversubscription));

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
            var sessionOptions = compilation.GetBestTypeByMetadataName("Microsoft.ML.OnnxRuntime.SessionOptions");
            if (sessionOptions is null)
            {
                return;
            }

            var threadingOptions = compilation.GetBestTypeByMetadataName("Microsoft.ML.OnnxRuntime.OrtThreadingOptions");
            compilationContext.RegisterOperationAction(c => Analyze(c, sessionOptions, threadingOptions), OperationKind.SimpleAssignment);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol sessionOptions, INamedTypeSymbol? threadingOptions)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: var property }
            || !IsThreadCount(property, sessionOptions, threadingOptions))
        {
            return;
        }

        var value = assignment.Value.WalkDownImplicitConversions();
        string? why;
        var derived = false;
        if (value.ConstantValue is { HasValue: true, Value: int constant })
        {
            var bound = context.Options.GetPositiveIntegerOption(assignment.Syntax.SyntaxTree, MaxThreadsOption, 64);
            why = constant > bound ? string.Format(CultureInfo.InvariantCulture, "more than {0} threads, above the logical CPUs of nearly every machine it will run on", bound) : null;
        }
        else
        {
            why = AboveProcessorCount(value);
            derived = why is not null;
        }

        if (why is null)
        {
            return;
        }

        var properties = derived ? ImmutableDictionary<string, string?>.Empty.Add(KindProperty, "ProcessorCount") : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, value.Syntax.GetLocation(), context.Options, null, properties, null, property.Name, value.Syntax.ToString(), why));
    }

    private static bool IsThreadCount(IPropertySymbol property, INamedTypeSymbol sessionOptions, INamedTypeSymbol? threadingOptions)
        => (property.Name is "IntraOpNumThreads" or "InterOpNumThreads" && property.ContainingType.InheritsFromOrEquals(sessionOptions))
            || (threadingOptions is not null && property.Name is "GlobalIntraOpNumThreads" or "GlobalInterOpNumThreads"
                && SymbolEqualityComparer.Default.Equals(property.ContainingType, threadingOptions));

    // "k times the logical CPUs" for ProcessorCount * k (k > 1), ProcessorCount + c (c > 0), ProcessorCount << n (n > 0).
    private static string? AboveProcessorCount(IOperation value)
    {
        if (value is not IBinaryOperation binary)
        {
            return null;
        }

        var left = binary.LeftOperand.WalkDownImplicitConversions();
        var right = binary.RightOperand.WalkDownImplicitConversions();
        var (count, other) = IsProcessorCount(left) ? (left, right) : IsProcessorCount(right) && binary.OperatorKind != BinaryOperatorKind.LeftShift ? (right, left) : (null, null);
        if (count is null || other?.ConstantValue is not { HasValue: true, Value: int operand })
        {
            return null;
        }

        return binary.OperatorKind switch
        {
            BinaryOperatorKind.Multiply when operand > 1 => string.Format(CultureInfo.InvariantCulture, "{0} threads per logical CPU", operand),
            BinaryOperatorKind.LeftShift when operand > 0 && operand < 31 => string.Format(CultureInfo.InvariantCulture, "{0} threads per logical CPU", 1 << operand),
            BinaryOperatorKind.Add when operand > 0 => string.Format(CultureInfo.InvariantCulture, "{0} more thread{1} than the logical CPUs", operand, operand == 1 ? string.Empty : "s"),
            _ => null,
        };
    }

    private static bool IsProcessorCount(IOperation operation)
        => operation is IPropertyReferenceOperation { Property: { Name: "ProcessorCount", ContainingType: { Name: "Environment", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } };
}
