using System;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using StandInOpenAI;

namespace EfficiencyKit.Runtime.Workload;

/// <summary>
/// A stand-in for an OpenAI-compatible endpoint on a free loopback port. Chat answers always report
/// <see cref="PromptTokens"/> and <see cref="CompletionTokens"/> and name the dated version of the requested model;
/// embeddings report <see cref="TokensPerInput"/> tokens per input. Shapes as in the OpenAI API reference.
/// </summary>
internal sealed class StandInOpenAIServer : IDisposable
{
    public const int PromptTokens = 212;
    public const int CompletionTokens = 150;
    public const int TokensPerInput = 9;

    private readonly LoopbackHttpServer _server;

    public StandInOpenAIServer()
    {
        _server = new LoopbackHttpServer(AnswerAsync);
        Endpoint = new Uri(_server.BaseAddress, "v1");
    }

    public Uri Endpoint { get; }

    public void Dispose() => _server.Dispose();

    private static async Task AnswerAsync(HttpListenerContext context)
    {
        using var request = await JsonDocument.ParseAsync(context.Request.InputStream);
        var model = request.RootElement.GetProperty("model").GetString() ?? "unknown";
        var body = context.Request.Url!.AbsolutePath.EndsWith("/embeddings", StringComparison.Ordinal)
            ? Embeddings(model, request.RootElement.GetProperty("input"))
            : Chat(model);
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    /// <summary>The model id an endpoint returns for a requested id, as OpenAI does ("gpt-4o-mini" answers as its dated snapshot).</summary>
    private static string Answering(string requested) => requested switch
    {
        "gpt-4o-mini" => "gpt-4o-mini-2024-07-18",
        "gpt-4o" => "gpt-4o-2024-08-06",
        _ => requested,
    };

    private static string Chat(string model) => $$"""
        {"id":"chatcmpl-standin","object":"chat.completion","created":1763800000,"model":"{{Answering(model)}}",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Restart the router and check the cable."},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":{{PromptTokens}},"completion_tokens":{{CompletionTokens}},"total_tokens":{{PromptTokens + CompletionTokens}}}
        }
        """;

    private static string Embeddings(string model, JsonElement input)
    {
        var count = input.ValueKind == JsonValueKind.Array ? input.GetArrayLength() : 1;
        var data = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            data.Append(i == 0 ? string.Empty : ",").Append("{\"object\":\"embedding\",\"index\":").Append(i).Append(",\"embedding\":[0.25,0.5,0.75]}");
        }

        var tokens = count * TokensPerInput;
        return $$$"""{"object":"list","data":[{{{data}}}],"model":"{{{model}}}","usage":{"prompt_tokens":{{{tokens}}},"total_tokens":{{{tokens}}}} }""";
    }
}
