namespace StandInOpenAI;

/// <summary>Token figures a <see cref="StandInOpenAIEndpoint"/> reports for every answer instead of counting them.</summary>
/// <param name="PromptTokens">Each chat answer's prompt tokens.</param>
/// <param name="CompletionTokens">Each chat answer's completion tokens (the answer runs about that long, finish_reason stop).</param>
/// <param name="TokensPerEmbeddingInput">Each embeddings input's tokens.</param>
public sealed record StandInUsage(int PromptTokens, int CompletionTokens, int TokensPerEmbeddingInput);
