using System;
using System.ClientModel;
using System.IO;
using System.Text.Json;

namespace EfficiencyKit.Runtime;

/// <summary>Reads what the energy estimate needs from OpenAI REST bodies (chat completions, responses, embeddings).</summary>
internal static class OpenAIMessageReader
{
    /// <summary>Request bodies larger than this are not parsed (the model then comes from the response).</summary>
    private const long MaxRequestBytes = 4 << 20;

    /// <summary>The operation a request path names, or null for endpoints that are not chat or embeddings (files, images, …).</summary>
    public static AiOperationKind? OperationKind(Uri? uri)
    {
        var path = uri?.AbsolutePath.TrimEnd('/') ?? string.Empty;
        if (path.EndsWith("/chat/completions", StringComparison.Ordinal) || path.EndsWith("/responses", StringComparison.Ordinal))
        {
            return AiOperationKind.Chat;
        }

        return path.EndsWith("/embeddings", StringComparison.Ordinal) ? AiOperationKind.Embeddings : null;
    }

    /// <summary>The requested model and the batch size (number of inputs of an embeddings request, else 1).</summary>
    public static (string? Model, int BatchSize) ReadRequest(BinaryContent? content, AiOperationKind kind)
    {
        // Only bodies of known length are read: they are the SDK's JSON, which can be written again when sent.
        if (content is null || !content.TryComputeLength(out var length) || length > MaxRequestBytes)
        {
            return (null, 1);
        }

        using var buffer = new MemoryStream((int)length);
        content.WriteTo(buffer);
        try
        {
            using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            var root = document.RootElement;
            var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            return (model, kind == AiOperationKind.Embeddings && root.TryGetProperty("input", out var input) ? InputCount(input) : 1);
        }
        catch (JsonException)
        {
            return (null, 1);
        }
    }

    /// <summary>The model that answered and the usage of a buffered response body.</summary>
    public static (string? Model, AiTokenUsage Usage) ReadResponse(BinaryData? body, AiOperationKind kind)
    {
        if (body is null)
        {
            return (null, AiTokenUsage.None);
        }

        try
        {
            using var document = JsonDocument.Parse(body.ToMemory());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, AiTokenUsage.None);
            }

            var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            if (!root.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
            {
                return (model, AiTokenUsage.None);
            }

            // Chat completions and embeddings say prompt/completion tokens; the Responses API says input/output tokens.
            var input = Count(usage, "prompt_tokens") ?? Count(usage, "input_tokens");
            var output = kind == AiOperationKind.Embeddings ? null : Count(usage, "completion_tokens") ?? Count(usage, "output_tokens");
            var reasoning = Count(usage, "completion_tokens_details", "reasoning_tokens") ?? Count(usage, "output_tokens_details", "reasoning_tokens");
            var cached = Count(usage, "prompt_tokens_details", "cached_tokens") ?? Count(usage, "input_tokens_details", "cached_tokens");
            return (model, new AiTokenUsage(input, output, reasoning, cached));
        }
        catch (JsonException)
        {
            return (null, AiTokenUsage.None);
        }
    }

    private static int InputCount(JsonElement input) => input.ValueKind switch
    {
        // A list of strings or of token arrays is a batch; one string or one token array is a single input.
        JsonValueKind.Array when input.GetArrayLength() > 0 && input[0].ValueKind is JsonValueKind.String or JsonValueKind.Array => input.GetArrayLength(),
        _ => 1,
    };

    private static long? Count(JsonElement usage, string name)
        => usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) ? count : null;

    private static long? Count(JsonElement usage, string detailsName, string name)
        => usage.TryGetProperty(detailsName, out var details) && details.ValueKind == JsonValueKind.Object ? Count(details, name) : null;
}
