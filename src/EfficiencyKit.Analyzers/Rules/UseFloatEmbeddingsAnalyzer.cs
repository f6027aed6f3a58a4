using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

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
        // Data types need no AI library: a hand-written client deserialises an endpoint's JSON into them.
        context.RegisterSymbolAction(AnalyzeDataMember, SymbolKind.Property, SymbolKind.Field);
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

    // public double[] Embedding { get; set; }, [JsonPropertyName("embeddings")] List<double[]> Vectors, record Chunk(string Text,
    // List<double> Embedding): where the type that receives an endpoint's JSON, or stores the vectors, chooses double.
    private static void AnalyzeDataMember(SymbolAnalysisContext context)
    {
        var (type, name) = context.Symbol switch
        {
            IPropertySymbol property => (property.Type, property.Name),
            IFieldSymbol { IsImplicitlyDeclared: false } field => (field.Type, field.Name),
            _ => (null, ""),
        };
        if (type is null || context.Symbol.Locations.FirstOrDefault() is not { IsInSource: true } location
            || !(IsEmbeddingName(name) || context.Symbol.GetAttributes().Any(NamesEmbeddingInJson))
            || !HoldsDoubles(type, depth: 0))
        {
            return;
        }

        context.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, location, context.Options, null, null, null, $"'{name}' ({type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)})"));
    }

    private static bool IsEmbeddingName(string name)
        => name.TrimStart('_').Equals("embedding", StringComparison.OrdinalIgnoreCase) || name.TrimStart('_').Equals("embeddings", StringComparison.OrdinalIgnoreCase);

    // [JsonPropertyName("embedding")] (System.Text.Json) or [JsonProperty("embedding")] (Newtonsoft.Json).
    private static bool NamesEmbeddingInJson(AttributeData attribute)
        => attribute.AttributeClass?.Name is "JsonPropertyNameAttribute" or "JsonPropertyAttribute"
            && attribute.ConstructorArguments.Length > 0
            && attribute.ConstructorArguments[0].Value is string json
            && IsEmbeddingName(json);

    // double[], double[][], List<double>, IReadOnlyList<double[]>, List<List<double>>, ReadOnlyMemory<double>: a vector
    // or a list of vectors whose elements are double.
    private static bool HoldsDoubles(ITypeSymbol type, int depth)
        => depth <= 2 && type switch
        {
            { SpecialType: SpecialType.System_Double } => depth > 0,
            IArrayTypeSymbol array => HoldsDoubles(array.ElementType, depth + 1),
            INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic when generic.Name is "List" or "IList" or "IReadOnlyList" or "IEnumerable" or "ICollection" or "IReadOnlyCollection" or "ReadOnlyMemory" or "Memory"
                => HoldsDoubles(generic.TypeArguments[0], depth + 1),
            _ => false,
        };

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
