namespace EfficiencyKit.Analyzers.Tests.Rules;

/// <summary>EK1301 on JSON bodies built by hand for chat, response and Ollama generate endpoints.</summary>
public sealed class BoundGenerationOutputRawPayloadTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder()
        .WithAnalyzer<BoundGenerationOutputAnalyzer>()
        .WithCodeFixProvider<BoundGenerationOutputFixer>();

    [Fact]
    public Task Uncapped_bodies_are_reported_without_a_fix()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Net.Http;
                using System.Net.Http.Json;
                using System.Text.Json;
                using System.Text.Json.Nodes;
                using System.Threading.Tasks;

                public sealed class Llm(HttpClient http)
                {
                    public Task<HttpResponseMessage> Chat(string model, string question)
                        => http.PostAsJsonAsync("/v1/chat/completions", [|new { model, messages = new[] { new { role = "user", content = question } } }|]);

                    public Task<HttpResponseMessage> Generate(string model, string prompt)
                        => http.PostAsync("/api/generate", new StringContent(JsonSerializer.Serialize([|new { prompt, model, stream = false }|])));

                    public Task<HttpResponseMessage> Respond(string model, string text)
                    {
                        var body = [|new Dictionary<string, object?> { ["model"] = model, ["input"] = new[] { new { role = "user", content = text } } }|];
                        return http.PostAsJsonAsync("/v1/responses", body);
                    }

                    public Task<HttpResponseMessage> Node(string model, string question)
                        => http.PostAsync("/v1/chat/completions", new StringContent([|new JsonObject { ["model"] = model, ["messages"] = new JsonArray() }|].ToJsonString()));

                    public Task<HttpResponseMessage> Typed(string model, string question)
                        => http.PostAsJsonAsync("/v1/chat/completions", [|new ChatRequest { Model = model, Messages = [question] }|]);
                }

                public sealed class ChatRequest
                {
                    public string? Model { get; set; }
                    public List<string> Messages { get; set; } = [];
                    public int? MaxTokens { get; set; }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'request body' sets no output token cap (a chat request built by hand)")
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Capped_bodies_embeddings_and_other_objects_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Net.Http;
                using System.Net.Http.Json;
                using System.Threading.Tasks;

                public sealed class Llm(HttpClient http)
                {
                    public Task<HttpResponseMessage> Capped(string model, string question)
                        => http.PostAsJsonAsync("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = question } }, max_tokens = 200 });

                    public Task<HttpResponseMessage> CappedLater(string model, string question)
                    {
                        var body = new Dictionary<string, object?> { ["model"] = model, ["messages"] = new[] { question } };
                        body["max_completion_tokens"] = 200;
                        return http.PostAsJsonAsync("/v1/chat/completions", body);
                    }

                    public Task<HttpResponseMessage> Ollama(string model, string prompt)
                        => http.PostAsJsonAsync("/api/generate", new { model, prompt, options = new { num_predict = 128 } });

                    public Task<HttpResponseMessage> Embedding(string model, string prompt)
                        => http.PostAsJsonAsync("/api/embeddings", new { model, prompt });

                    public Task<HttpResponseMessage> EmbeddingInput(string model, string[] chunks)
                        => http.PostAsJsonAsync("/v1/embeddings", new { model, input = chunks });

                    public Task<HttpResponseMessage> DefaultCap(string model, string question)
                        => http.PostAsJsonAsync("/v1/chat/completions", new CappedRequest { Model = model, Messages = [question] });

                    public object Log(string model, int count) => new { model, count };
                }

                public sealed class CappedRequest
                {
                    public string? Model { get; set; }
                    public List<string> Messages { get; set; } = [];
                    public int MaxTokens { get; set; } = 512;
                }
                """)
            .ValidateAsync();
}
