namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// <c>new InferenceSession(path, ...)</c> (ONNX Runtime) whose path resolves to a model in the build's manifest.
/// Shared by the rules that read the manifest.
/// </summary>
internal static class ModelLoadSite
{
    public const string InferenceSessionType = "Microsoft.ML.OnnxRuntime.InferenceSession";

    /// <summary>The manifest entry and the path argument, when the creation loads a model the manifest knows.</summary>
    public static (ManifestModel Model, IArgumentOperation PathArgument)? Find(OperationAnalysisContext context, INamedTypeSymbol sessionType, ModelManifest manifest)
    {
        if (context.Operation is not IObjectCreationOperation { Constructor: { } constructor } creation
            || !SymbolEqualityComparer.Default.Equals(constructor.ContainingType, sessionType)
            || creation.Arguments.Length == 0
            || creation.Arguments[0] is not { Parameter.Type.SpecialType: SpecialType.System_String } pathArgument)
        {
            return null;
        }

        return ModelPathResolver.Resolve(pathArgument.Value) is { } path && manifest.Lookup(path) is { } model ? (model, pathArgument) : null;
    }
}
