using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1501: a hand-written scalar loop computes a dot product, norm, distance, sum or element-wise operation over
/// float/double vectors (the core of hand-written cosine similarity in RAG code). <c>TensorPrimitives</c> does the same
/// with SIMD, several elements per instruction. Active where System.Numerics.Tensors or an AI library is referenced;
/// the fix is offered where TensorPrimitives is referenced and the loop covers whole vectors.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UseTensorPrimitivesAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.UseTensorPrimitives,
        "Use TensorPrimitives instead of a scalar vector loop",
        "{0} one element at a time; '{1}' (System.Numerics.Tensors) computes it with SIMD instructions{2}",
        RuleCategories.Numerics,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        "Similarity search and post-processing often loop over embedding vectors element by element. TensorPrimitives' "
        + "vectorized kernels process 4 to 16 floats per instruction, so the same result costs a fraction of the CPU time.",
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.UseTensorPrimitives));

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
            var tensorPrimitives = compilation.GetBestTypeByMetadataName("System.Numerics.Tensors.TensorPrimitives");
            var usesAi = compilation.GetBestTypeByMetadataName("OpenAI.OpenAIClient") is not null
                || compilation.GetBestTypeByMetadataName("Microsoft.Extensions.AI.IEmbeddingGenerator") is not null
                || compilation.GetBestTypeByMetadataName("Microsoft.ML.OnnxRuntime.InferenceSession") is not null;
            if (tensorPrimitives is null && !usesAi)
            {
                return;
            }

            var list = compilation.GetBestTypeByMetadataName("System.Collections.Generic.List`1");
            var canUseCollectionsMarshal = compilation.GetBestTypeByMetadataName("System.Runtime.InteropServices.CollectionsMarshal")?.GetMembers("AsSpan").Length > 0;
            compilationContext.RegisterOperationAction(
                operationContext =>
                {
                    var (kernel, header) = operationContext.Operation switch
                    {
                        IForLoopOperation { Syntax: ForStatementSyntax syntax } loop when KernelLoopMatcher.Match(loop, list) is { } matched
                            => (matched, TextSpan.FromBounds(syntax.ForKeyword.SpanStart, syntax.CloseParenToken.Span.End)),
                        IForEachLoopOperation { Syntax: ForEachStatementSyntax syntax } loop when KernelLoopMatcher.Match(loop, list) is { } matched
                            => (matched, TextSpan.FromBounds(syntax.ForEachKeyword.SpanStart, syntax.CloseParenToken.Span.End)),
                        _ => (null, default),
                    };
                    if (kernel is not null)
                    {
                        Report(operationContext, kernel, Location.Create(operationContext.Operation.Syntax.SyntaxTree, header), Replacement(kernel, tensorPrimitives, canUseCollectionsMarshal), "loop");
                    }
                },
                OperationKind.Loop);
            compilationContext.RegisterOperationAction(
                operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    if (invocation.TargetMethod.Name is not ("Sum" or "Average" or "Aggregate" or "Select" or "Zip")
                        || LinqKernelMatcher.Match(invocation, list) is not { } matched)
                    {
                        return;
                    }

                    var replacement = matched.Average ? null : LinqReplacement(matched.Kernel, tensorPrimitives, canUseCollectionsMarshal);
                    Report(operationContext, matched.Kernel, invocation.Syntax.GetLocation(), replacement, "expression");
                },
                OperationKind.Invocation);
        });
    }

    private static void Report(OperationAnalysisContext context, KernelLoop kernel, Location location, string? replacement, string shape)
    {
        var (what, method) = Describe(kernel.Statements);
        var properties = ImmutableDictionary<string, string?>.Empty;
        if (replacement is not null)
        {
            properties = properties.Add(DiagnosticPropertyNames.Replacement, replacement).Add(DiagnosticPropertyNames.ReplacementShape, shape);
            if (kernel.WidensToDouble)
            {
                properties = properties.Add(DiagnosticPropertyNames.NarrowsAccumulation, "true");
            }
        }

        var subject = shape == "loop" ? "This loop computes" : "This LINQ query computes";
        context.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, location, context.Options, null, properties, null, subject + " " + what, method));
    }

    /// <summary>The one call a LINQ reduction becomes: <c>TensorPrimitives.Dot(a, b)</c>, <c>TensorPrimitives.SumOfSquares(v)</c>.</summary>
    private static string? LinqReplacement(KernelLoop kernel, INamedTypeSymbol? tensorPrimitives, bool canUseCollectionsMarshal)
    {
        if (tensorPrimitives is null
            || !kernel.BoundIsOperandLength
            || kernel.Statements.Length != 1
            || kernel.Statements[0] is not { Kind: KernelKind.Dot or KernelKind.SumOfSquares } statement
            || statement.Operands.Any(o => !o.IsWhole || (o.IsList && !canUseCollectionsMarshal))
            || !HasOverload(tensorPrimitives, MethodName(statement.Kind), kernel.ElementType))
        {
            return null;
        }

        var typeArguments = kernel.ElementType == SpecialType.System_Double ? "<double>" : string.Empty;
        var arguments = statement.Right is { } right ? statement.Left.SpanText + ", " + right.SpanText : statement.Left.SpanText;
        return $"TensorPrimitives.{MethodName(statement.Kind)}{typeArguments}({arguments})";
    }

    private static (string What, string Method) Describe(ImmutableArray<KernelStatement> statements)
    {
        if (statements.Length == 3
            && statements.FirstOrDefault(s => s.Kind == KernelKind.Dot) is { Right: { } y } dot
            && statements.Any(s => s.Kind == KernelKind.SumOfSquares && s.Left.Is(dot.Left))
            && statements.Any(s => s.Kind == KernelKind.SumOfSquares && s.Left.Is(y)))
        {
            return ("a cosine similarity (a dot product and two sums of squares)", "TensorPrimitives.CosineSimilarity");
        }

        var kinds = statements.Select(s => s.Kind).Distinct().ToList();
        var methods = statements.SelectMany(s => s.Kind switch
        {
            KernelKind.ElementWise => s.Functions,
            KernelKind.Reduction => s.Functions.Add("Sum"),
            _ => ImmutableArray.Create(MethodName(s.Kind)),
        }).Distinct();
        return (string.Join(" and ", kinds.Select(What)), string.Join("', '", methods.Select(m => "TensorPrimitives." + m)));
    }

    private static string What(KernelKind kind) => kind switch
    {
        KernelKind.Dot => "a dot product",
        KernelKind.SumOfSquares => "a sum of squares",
        KernelKind.Sum => "a sum",
        KernelKind.SquaredDistance => "a squared Euclidean distance",
        KernelKind.Add => "an element-wise sum",
        KernelKind.Subtract => "an element-wise difference",
        KernelKind.Multiply => "an element-wise product",
        KernelKind.Divide => "an element-wise quotient",
        KernelKind.ElementWise => "element-wise arithmetic",
        _ => "a sum of element-wise arithmetic",
    };

    private static string MethodName(KernelKind kind) => kind switch
    {
        KernelKind.SquaredDistance => "Distance",
        KernelKind.Reduction => "Sum",
        _ => kind.ToString(),
    };

    /// <summary>
    /// One TensorPrimitives call per statement, or null when no behaviour-preserving rewrite exists: a partial loop
    /// bound, a squared distance (TensorPrimitives.Distance returns its square root), or no matching overload.
    /// </summary>
    private static string? Replacement(KernelLoop kernel, INamedTypeSymbol? tensorPrimitives, bool canUseCollectionsMarshal)
    {
        if (tensorPrimitives is null
            || !kernel.BoundIsOperandLength
            || kernel.Statements.Any(s => s.Kind is KernelKind.ElementWise or KernelKind.Reduction || s.Operands.Any(o => !o.IsWhole))
            || (!canUseCollectionsMarshal && kernel.Statements.Any(s => s.Operands.Any(o => o.IsList))))
        {
            return null;
        }

        // float has non-generic overloads in every package version; double needs the generic ones (net8.0+ builds).
        var typeArguments = kernel.ElementType == SpecialType.System_Double ? "<double>" : string.Empty;
        var lines = new List<string>();
        foreach (var statement in kernel.Statements)
        {
            if (statement.Kind == KernelKind.SquaredDistance || !HasOverload(tensorPrimitives, MethodName(statement.Kind), kernel.ElementType))
            {
                return null;
            }

            var second = statement.Right?.SpanText ?? statement.ScalarText;
            var arguments = second is null ? statement.Left.SpanText : statement.Left.SpanText + ", " + second;
            var call = $"TensorPrimitives.{MethodName(statement.Kind)}{typeArguments}({arguments}";
            lines.Add(statement.Destination is { } destination ? $"{call}, {destination.SpanText});" : $"{statement.Accumulator} += {call});");
        }

        return string.Join("\n", lines);
    }

    private static bool HasOverload(INamedTypeSymbol tensorPrimitives, string name, SpecialType elementType)
        => tensorPrimitives.GetMembers(name).OfType<IMethodSymbol>().Any(m => elementType == SpecialType.System_Double
            ? m.IsGenericMethod
            : m.Parameters.FirstOrDefault()?.Type is INamedTypeSymbol { TypeArguments.Length: 1 } span && span.TypeArguments[0].SpecialType == SpecialType.System_Single);
}
