using System.Collections.Immutable;
using System.Linq;
using EfficiencyKit.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1205: embedding vectors widened to 64-bit <c>double</c>: an embedding model's float vector converted element by
/// element (<c>Select(x =&gt; (double)x)</c>, <c>Cast&lt;double&gt;()</c>, <c>Array.ConvertAll</c>), or a
/// Microsoft.Extensions.AI generator or embedding typed <c>Embedding&lt;double&gt;</c>. Models produce float32 (or
/// narrower) values; doubles only double memory, cache traffic and similarity-search time.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UseFloatEmbeddingsAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.UseFloatEmbeddings,
        "Keep embedding vectors in float, not double",
        "{0} holds embedding vectors as 64-bit doubles; the model's values are 32-bit floats, so doubles add no precision and double the memory and similarity-search work; keep 'float' (or 'Half' for storage){1}",
        RuleCategories.Precision,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        "Embedding models compute and return float32 (or narrower) values. Widening them to double doubles every byte stored, "
        + "moved through caches and compared in similarity search, and halves the SIMD width of vectorized kernels.",
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.UseFloatEmbeddings));

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var origin = new EmbeddingVectorOrigin(compilationContext.Compilation);
            var embedding = compilationContext.Compilation.GetBestTypeByMetadataName("Microsoft.Extensions.AI.Embedding`1");
            if (!origin.Any)
            {
                return;
            }

            compilationContext.RegisterOperationAction(c => AnalyzeConversion(c, origin), OperationKind.Invocation);
            if (embedding is not null)
            {
                compilationContext.RegisterSyntaxNodeAction(c => AnalyzeTypeChoice(c, embedding), SyntaxKind.GenericName);
            }
        });
    }

    // vector.Select(x => (double)x), vector.Cast<double>(), Array.ConvertAll(vector, x => (double)x)
    private static void AnalyzeConversion(OperationAnalysisContext context, EmbeddingVectorOrigin origin)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var widens = method.Name switch
        {
            "Select" when method.IsExtensionMethod && invocation.Arguments.Length == 2 => ReturnsDouble(invocation.Arguments[1].Value),
            "Cast" when method.IsExtensionMethod && invocation.Arguments.Length == 1 => method.TypeArguments.Length == 1 && method.TypeArguments[0].SpecialType == SpecialType.System_Double,
            "ConvertAll" when method.IsStatic && invocation.Arguments.Length == 2 => ReturnsDouble(invocation.Arguments[1].Value),
            _ => false,
        };
        if (widens && origin.IsEmbeddingVector(invocation.Arguments[0].Value, context.CancellationToken))
        {
            context.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, invocation.Syntax.GetLocation(), context.Options, null, null, null, $"'{method.Name}'"));
        }
    }

    private static bool ReturnsDouble(IOperation selector)
    {
        var lambda = selector.WalkDownImplicitConversions() switch
        {
            IDelegateCreationOperation { Target: IAnonymousFunctionOperation anonymous } => anonymous,
            IAnonymousFunctionOperation anonymous => anonymous,
            _ => null,
        };
        return lambda?.Symbol.ReturnType.SpecialType == SpecialType.System_Double
            && lambda.Symbol.Parameters.Length == 1
            && lambda.Symbol.Parameters[0].Type.SpecialType == SpecialType.System_Single;
    }

    // IEmbeddingGenerator<string, Embedding<double>>, new Embedding<double>(…)
    private static void AnalyzeTypeChoice(SyntaxNodeAnalysisContext context, INamedTypeSymbol embedding)
    {
        var name = (GenericNameSyntax)context.Node;
        if (name.Identifier.ValueText != "Embedding" || name.TypeArgumentList.Arguments.Count != 1
            || context.SemanticModel.GetSymbolInfo(name, context.CancellationToken).Symbol is not INamedTypeSymbol type
            || !SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, embedding)
            || type.TypeArguments[0].SpecialType != SpecialType.System_Double)
        {
            return;
        }

        // Where the vector type is chosen: a creation, or a generator field, property or primary-constructor parameter;
        // other mentions (locals, ordinary constructor parameters) follow from those and would repeat the finding.
        var chosen = name.Parent is ObjectCreationExpressionSyntax
            || (name.Parent is TypeArgumentListSyntax { Parent: GenericNameSyntax { Identifier.ValueText: "IEmbeddingGenerator" } generator }
                && generator.Ancestors().Any(a => a is FieldDeclarationSyntax or PropertyDeclarationSyntax or ParameterSyntax { Parent: ParameterListSyntax { Parent: TypeDeclarationSyntax } }));
        if (chosen)
        {
            context.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, name.GetLocation(), context.Options, null, null, null, "'Embedding<double>'"));
        }
    }
}
