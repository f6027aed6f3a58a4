namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// The verdict on one chat or response call: whether its options cap output tokens and, when they do not, where a
/// fix would put the cap (the options argument's creation, the local's initializer, or a new argument).
/// </summary>
internal sealed class OutputCapFinding(OutputCapState state, IObjectCreationOperation? creation, string? modelId)
{
    public OutputCapState State { get; } = state;

    /// <summary>The options object creation a cap can be added to; null when the options are omitted.</summary>
    public IObjectCreationOperation? Creation { get; } = creation;

    /// <summary>A constant model id found in the options (<c>ModelId = "o3"</c>), if any.</summary>
    public string? ModelId { get; } = modelId;

    public static OutputCapFinding Unknown { get; } = new(OutputCapState.Unknown, null, null);

    public static OutputCapFinding Omitted { get; } = new(OutputCapState.Uncapped, null, null);
}
