using System.Net;
using System.Text;
using System.Text.Json;

namespace StandInOpenAI;

/// <summary>
/// A stand-in for an OpenAI-compatible endpoint on a free loopback port, with the request and response shapes of the
/// OpenAI API reference and token accounting that behaves like a real model's where it matters for energy:
/// <list type="bullet">
/// <item>Chat: the answer runs to <see cref="NaturalAnswerTokens"/> tokens unless <c>max_completion_tokens</c> /
/// <c>max_tokens</c> caps it (then <c>finish_reason</c> is <c>length</c>); prompt tokens are counted from the messages
/// (about 4/3 tokens per word, as English averages). A "Answer with one word from: …" instruction gets one word.</item>
/// <item>Embeddings: a hashed bag of words, L2-normalised, of <c>dimensions</c> (default <see cref="DefaultDimensions"/>)
/// values (words of four letters or more): deterministic, and texts sharing words get similar vectors, so retrieval in the samples gives sensible answers.</item>
/// </list>
/// <see cref="StandInOptions"/> fixes the usage figures and the answering model ids where a test expects exact ones.
/// </summary>
public sealed class StandInOpenAIEndpoint : IDisposable
{
    /// <summary>How long an uncapped answer runs, in tokens: a verbose model's typical support reply.</summary>
    public const int NaturalAnswerTokens = 700;

    /// <summary>text-embedding-3-small's dimension count.</summary>
    public const int DefaultDimensions = 1536;

    private readonly LoopbackHttpServer _server;
    private readonly StandInOptions _options;

    public StandInOpenAIEndpoint(StandInOptions? options = null)
    {
        _options = options ?? new StandInOptions();
        _server = new LoopbackHttpServer(AnswerAsync);
        Endpoint = new Uri(_server.BaseAddress, "v1");
    }

    /// <summary>http://127.0.0.1:port/v1, for <c>OpenAIClientOptions.Endpoint</c>.</summary>
    public Uri Endpoint { get; }

    public void Dispose() => _server.Dispose();

    private async Task AnswerAsync(HttpListenerContext context)
    {
        string body;
        try
        {
            using var request = await JsonDocument.ParseAsync(context.Request.InputStream);
            var root = request.RootElement;
            var requested = root.GetProperty("model").GetString() ?? "unknown";
            var model = _options.AnsweringModels.TryGetValue(requested, out var answering) ? answering : requested;
            body = context.Request.Url!.AbsolutePath.EndsWith("/embeddings", StringComparison.Ordinal)
                ? Embeddings(model, root)
                : Chat(model, root);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            context.Response.StatusCode = 400;
            body = JsonSerializer.Serialize(new { error = new { message = "The stand-in endpoint could not read the request: " + exception.Message, type = "invalid_request_error" } });
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private string Chat(string model, JsonElement request)
    {
        if (_options.FixedUsage is { } usage)
        {
            return Completion(model, Answer(usage.CompletionTokens), usage.PromptTokens, usage.CompletionTokens, "stop");
        }

        var words = 0;
        var texts = new List<string>();
        foreach (var message in request.GetProperty("messages").EnumerateArray())
        {
            var content = message.GetProperty("content");
            texts.Add(content.ValueKind == JsonValueKind.String ? content.GetString()! : content.GetRawText());
            words += Words(texts[^1]);
        }

        int? cap = request.TryGetProperty("max_completion_tokens", out var completionCap) && completionCap.ValueKind == JsonValueKind.Number ? completionCap.GetInt32()
            : request.TryGetProperty("max_tokens", out var legacyCap) && legacyCap.ValueKind == JsonValueKind.Number ? legacyCap.GetInt32()
            : null;
        var prompt = (words * 4 + 2) / 3;
        if (Choice(texts) is { } choice)
        {
            return Completion(model, choice, prompt, 1, "stop");
        }

        var completion = Math.Min(cap ?? NaturalAnswerTokens, NaturalAnswerTokens);
        return Completion(model, Answer(completion), prompt, completion, completion < NaturalAnswerTokens ? "length" : "stop");
    }

    /// <summary>
    /// "Answer with one word from: a, b, c." is answered with one of the words, as a model would: the one the other
    /// messages mention most (the first on a tie).
    /// </summary>
    private static string? Choice(List<string> texts)
    {
        const string Marker = "Answer with one word from:";
        var instruction = texts.FirstOrDefault(t => t.Contains(Marker, StringComparison.Ordinal));
        if (instruction is null)
        {
            return null;
        }

        var options = instruction[(instruction.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..].Trim().TrimEnd('.').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var rest = string.Join(' ', texts.Where(t => !ReferenceEquals(t, instruction))).ToLowerInvariant();
        return options.OrderByDescending(o => rest.Split(s_separators).Count(w => w.Length > 2 && o.Contains(w, StringComparison.OrdinalIgnoreCase))).FirstOrDefault();
    }

    private static string Completion(string model, string answer, int prompt, int completion, string finishReason)
    {
        return JsonSerializer.Serialize(new
        {
            id = "chatcmpl-standin",
            @object = "chat.completion",
            created = 1763800000,
            model,
            choices = new[] { new { index = 0, message = new { role = "assistant", content = answer }, finish_reason = finishReason } },
            usage = new { prompt_tokens = prompt, completion_tokens = completion, total_tokens = prompt + completion },
        });
    }

    private string Embeddings(string model, JsonElement request)
    {
        var input = request.GetProperty("input");
        var texts = input.ValueKind == JsonValueKind.Array ? input.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList() : [input.GetString() ?? string.Empty];
        var dimensions = request.TryGetProperty("dimensions", out var d) && d.ValueKind == JsonValueKind.Number ? d.GetInt32() : DefaultDimensions;
        var tokens = _options.FixedUsage is { } usage ? texts.Count * usage.TokensPerEmbeddingInput : texts.Sum(t => (Words(t) * 4 + 2) / 3);
        return JsonSerializer.Serialize(new
        {
            @object = "list",
            data = texts.Select((text, index) => new { @object = "embedding", index, embedding = Embed(text, dimensions) }),
            model,
            usage = new { prompt_tokens = tokens, total_tokens = tokens },
        });
    }

    private static float[] Embed(string text, int dimensions)
    {
        var vector = new float[dimensions];
        // Words of four letters or more: short function words would dominate the similarity.
        foreach (var word in text.ToLowerInvariant().Split(s_separators, StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 4))
        {
            // FNV-1a: a stable hash across processes (string.GetHashCode is randomised per process).
            var hash = 2166136261u;
            foreach (var c in word)
            {
                hash = (hash ^ c) * 16777619u;
            }

            vector[hash % (uint)dimensions] += (hash & 0x80000000u) == 0 ? 1f : -1f;
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return norm > 0 ? vector.Select(v => v / norm).ToArray() : vector;
    }

    private static string Answer(int tokens)
    {
        // About 3/4 of a word per token.
        var words = Math.Max(1, tokens * 3 / 4);
        return string.Join(' ', Enumerable.Range(0, words).Select(i => s_answerWords[i % s_answerWords.Length]));
    }

    private static int Words(string text) => text.Split(s_separators, StringSplitOptions.RemoveEmptyEntries).Length;

    private static readonly char[] s_separators = [' ', '\n', '\r', '\t', ',', '.', ';', ':', '!', '?', '"', '(', ')'];

    private static readonly string[] s_answerWords = "Thank you for reaching out. Please try the steps in the linked article and reply if the problem continues.".Split(' ');
}
