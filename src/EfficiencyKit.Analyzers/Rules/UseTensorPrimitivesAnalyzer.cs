using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using EfficiencyKit.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
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
        "This loop computes {0} one element at a time; '{1}' (System.Numerics.Tensors) computes it with SIMD instructions{2}",
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
                    if (operationContext.Operation is not IForLoopOperation { Syntax: ForStatementSyntax syntax } loop
                        || KernelLoopMatcher.Match(loop, list) is not { } kernel)
                    {
                        return;
                    }

                    var (what, method) = Describe(kernel.Statements);
                    var replacement = Replacement(kernel, tensorPrimitives, canUseCollectionsMarshal);
                    var properties = replacement is null
                        ? ImmutableDictionary<string, string?>.Empty
                        : ImmutableDictionary<string, string?>.Empty.Add(DiagnosticPropertyNames.Replacement, replacement);
                    var header = Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.ForKeyword.SpanStart, syntax.CloseParenToken.Span.End));
                    operationContext.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, header, operationContext.Options, null, properties, null, what, method));
                },
                OperationKind.Loop);
        });
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
        return (string.Join(" and ", kinds.Select(What)), string.Join("', '", kinds.Select(k => "TensorPrimitives." + MethodName(k))));
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
        _ => "an element-wise quotient",
    };

    private static string MethodName(KernelKind kind) => kind == KernelKind.SquaredDistance ? "Distance" : kind.ToString();

    /// <summary>
    /// One TensorPrimitives call per statement, or null when no behaviour-preserving rewrite exists: a partial loop
    /// bound, a squared distance (TensorPrimitives.Distance returns its square root), or no matching overload.
    /// </summary>
    private static string? Replacement(KernelLoop kernel, INamedTypeSymbol? tensorPrimitives, bool canUseCollectionsMarshal)
    {
        if (tensorPrimitives is null
            || !kernel.BoundIsOperandLength
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
