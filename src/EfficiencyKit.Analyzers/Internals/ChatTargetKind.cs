namespace EfficiencyKit.Analyzers.Internals;

/// <summary>How a generation call receives its output cap.</summary>
internal enum ChatTargetKind
{
    /// <summary>An options argument (ChatOptions, ChatCompletionOptions, CreateResponseOptions, PromptExecutionSettings).</summary>
    Options,

    /// <summary>Semantic Kernel <c>InvokePromptAsync</c>: execution settings inside a KernelArguments argument.</summary>
    KernelPrompt,

    /// <summary>Semantic Kernel function invocation: KernelArguments settings, else the prompt function's own settings.</summary>
    KernelFunction,
}
