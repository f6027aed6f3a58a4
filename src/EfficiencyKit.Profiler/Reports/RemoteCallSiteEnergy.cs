namespace EfficiencyKit.Profiler.Reports;

/// <summary>
/// Remote AI calls (chat, embeddings) made from one call site to one model: their tokens and the energy they are
/// estimated to have cost in the provider's data centre, from the tokens (never measured; a range). Kept apart from
/// the local CPU joules of <see cref="CallSiteEnergy"/>, which this process spent itself.
/// </summary>
/// <param name="Method">The calling method, where the event's stack named it.</param>
/// <param name="File">Source file of the call site, if known.</param>
/// <param name="Line">Source line of the call site, if known.</param>
/// <param name="Kind">"chat" or "embeddings".</param>
/// <param name="Provider">The provider name the client reported ("openai", …).</param>
/// <param name="Model">The model that answered (the requested one where the provider did not say).</param>
/// <param name="Calls">Calls seen; null when only stack samples showed the site (no EfficiencyKit.Runtime events).</param>
/// <param name="Items">Inputs over all calls (embeddings batch sizes; 1 per chat call).</param>
/// <param name="Failed">Calls that ended in an error.</param>
/// <param name="InputTokens">Input tokens reported, summed.</param>
/// <param name="OutputTokens">Output tokens reported, summed.</param>
/// <param name="EstimatedCalls">Calls whose energy could be estimated (known model, token counts reported).</param>
/// <param name="MinJoules">Low end of the estimate over the estimated calls; null if none could be estimated.</param>
/// <param name="MaxJoules">High end of the estimate over the estimated calls; null if none could be estimated.</param>
/// <param name="Basis">How the figure was made, or why there is none.</param>
public sealed record RemoteCallSiteEnergy(
    string? Method,
    string? File,
    int? Line,
    string Kind,
    string Provider,
    string Model,
    int? Calls,
    long Items,
    int Failed,
    long InputTokens,
    long OutputTokens,
    int EstimatedCalls,
    double? MinJoules,
    double? MaxJoules,
    string Basis);
