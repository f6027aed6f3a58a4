using System.Collections.Immutable;
using EfficiencyKit.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

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
        "Azure.AI.OpenAI.AzureOpenAIClient");

    private static readonly ImmutableArray<string> s_clientInterfaceNames = ImmutableArray.Create(
        "Microsoft.Extensions.AI.IChatClient",
        "Microsoft.Extensions.AI.IEmbeddingGenerator");

    /// <summary>Warning where the repetition is certain (loop, item, request); reported at Info in ordinary methods.</summary>
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.AvoidPerCallClientCreation,
        Title,
        "'{0}' is created {1}; create it once and reuse it{2}",
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
        });
    }

    private sealed class AnalyzerContext
    {
        private readonly ExecutionContextTypes _executionTypes;
        private readonly ImmutableArray<INamedTypeSymbol> _clientInterfaces;

        public AnalyzerContext(Compilation compilation)
        {
            ClientTypes = Resolve(compilation, s_clientTypeNames);
            _clientInterfaces = Resolve(compilation, s_clientInterfaceNames);
            _executionTypes = new ExecutionContextTypes(compilation);
        }

        public ImmutableArray<INamedTypeSymbol> ClientTypes { get; }

        public void AnalyzeObjectCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (!IsClientType(creation.Type))
            {
                return;
            }

            var site = ExecutionSiteFinder.Find(creation, context.ContainingSymbol, _executionTypes);
            if (site.Kind == ExecutionSiteKind.Once)
            {
                return;
            }

            var lifetime = ValueLifetimeAnalysis.Analyze(creation, IsClientLike, returnIsKept: site.Kind != ExecutionSiteKind.PerPropertyRead);
            if (lifetime == ValueLifetime.Kept)
            {
                return;
            }

            if (!site.IsRepeated
                && !context.Options.GetBooleanOption(creation.Syntax.SyntaxTree, ReportPerMethodCallOption, defaultValue: true))
            {
                return;
            }

            var properties = lifetime == ValueLifetime.Transient
                && ProcessInvariantExpression.AreProcessInvariant(creation.Arguments)
                && creation.Initializer is null
                ? ImmutableDictionary<string, string?>.Empty.Add(CanHoistProperty, "true")
                : ImmutableDictionary<string, string?>.Empty;

            context.ReportDiagnostic(ProfiledDiagnostic.Create(
                Rule,
                creation.Syntax.GetLocation(),
                context.Options,
                site.IsRepeated ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info,
                properties,
                null,
                creation.Type!.Name,
                Describe(site)));
        }

        private static string Describe(ExecutionSite site) => site.Kind switch
        {
            ExecutionSiteKind.Loop => $"on every iteration of a '{site.Name}' loop",
            ExecutionSiteKind.PerItem => $"for every item in the lambda passed to '{site.Name}'",
            ExecutionSiteKind.PerRequest => $"on every request handled by '{site.Name}'",
            ExecutionSiteKind.PerPropertyRead => $"on every read of property '{site.Name}'",
            _ => site.Name == "lambda" ? "on every call of a lambda and not kept" : $"on every call of '{site.Name}' and not kept",
        };

        private bool IsClientType(ITypeSymbol? type)
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
        private bool IsClientLike(ITypeSymbol? type)
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
