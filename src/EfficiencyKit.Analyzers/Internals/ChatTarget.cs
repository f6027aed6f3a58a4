namespace EfficiencyKit.Analyzers.Internals;

/// <summary>A generation API's options type and the property that caps output tokens on it.</summary>
internal sealed class ChatTarget(INamedTypeSymbol optionsType, string capProperty, bool isExtensionsAI, ChatTargetKind kind = ChatTargetKind.Options)
{
    /// <summary>The options type the call takes (KernelArguments for the Semantic Kernel invoke calls).</summary>
    public INamedTypeSymbol OptionsType { get; } = optionsType;

    public string CapProperty { get; } = capProperty;

    /// <summary>Microsoft.Extensions.AI calls, which a pipeline-wide ConfigureOptions cap covers.</summary>
    public bool IsExtensionsAI { get; } = isExtensionsAI;

    public ChatTargetKind Kind { get; } = kind;

    public string OptionsTypeName => OptionsType.ToDisplayString();
}
