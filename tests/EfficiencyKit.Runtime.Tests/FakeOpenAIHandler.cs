using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;

namespace EfficiencyKit.Runtime.Tests;

/// <summary>Answers OpenAI REST calls with bodies shaped like the real API's (fields as in the API reference).</summary>
internal sealed class FakeOpenAIHandler(HttpStatusCode status = HttpStatusCode.OK) : HttpMessageHandler
{
    public List<string> Paths { get; } = [];

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        => SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Paths.Add(request.RequestUri!.AbsolutePath);
        var body = request.Content is null ? "{}" : await request.Content.ReadAsStringAsync(cancellationToken);
        using var json = JsonDocument.Parse(body);
        if (status != HttpStatusCode.OK)
        {
            return Json(status, """{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key"}}""");
        }

        if (request.RequestUri.AbsolutePath.EndsWith("/embeddings", StringComparison.Ordinal))
        {
            var inputs = json.RootElement.GetProperty("input");
            var data = new StringBuilder();
            for (var i = 0; i < inputs.GetArrayLength(); i++)
            {
                data.Append(i == 0 ? string.Empty : ",").Append("{\"object\":\"embedding\",\"index\":").Append(i).Append(",\"embedding\":[0.1,0.2,0.3]}");
            }

            var tokens = 5 * inputs.GetArrayLength();
            return Json(HttpStatusCode.OK, $$$"""{"object":"list","data":[{{{data}}}],"model":"text-embedding-3-small","usage":{"prompt_tokens":{{{tokens}}},"total_tokens":{{{tokens}}}}}""");
        }

        return Json(HttpStatusCode.OK, """
            {"id":"chatcmpl-1","object":"chat.completion","created":1731000000,"model":"gpt-4o-2024-08-06",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Reset the router."},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":310,"completion_tokens":95,"total_tokens":405,
                      "prompt_tokens_details":{"cached_tokens":256},"completion_tokens_details":{"reasoning_tokens":0}}}
            """);
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body)
        => new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}
