using System.ClientModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using EfficiencyKit.Runtime;
using EfficiencyKit.Runtime.Workload;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using StandInOpenAI;

// Usage: EfficiencyKit.Runtime.Workload
// A support desk's AI calls against a stand-in OpenAI-compatible endpoint on loopback:
//   Summarize:  4 chat calls through the OpenAI SDK (energy tracking by pipeline policy), gpt-4o-mini;
//   DraftReply: 3 chat calls through Microsoft.Extensions.AI (IChatClient wrapper), gpt-4o;
//   Embed:      1 embeddings call with 8 inputs through the OpenAI SDK;
//   Classify:   local CPU work inside EnergyScope.Inference("intent-model", 16), about 1.5 s.
// Prints, as JSON, the line of each call site and what the endpoint reported.
// The samples' stand-in, with fixed figures for the tests to expect: 212 prompt and 150 completion tokens per chat
// answer, 9 tokens per embeddings input, and the dated snapshot ids OpenAI answers with.
using var server = new StandInOpenAIEndpoint(new StandInOptions
{
    FixedUsage = new StandInUsage(PromptTokens: 212, CompletionTokens: 150, TokensPerEmbeddingInput: 9),
    AnsweringModels = new Dictionary<string, string> { ["gpt-4o-mini"] = "gpt-4o-mini-2024-07-18", ["gpt-4o"] = "gpt-4o-2024-08-06" },
});
var key = new ApiKeyCredential("stand-in");
var tracked = new OpenAIClientOptions { Endpoint = server.Endpoint }.WithEnergyTracking();
var summarizer = new ChatClient("gpt-4o-mini", key, tracked);
var embedder = new EmbeddingClient("text-embedding-3-small", key, tracked);
IChatClient replier = new OpenAIChatAdapter(new ChatClient("gpt-4o", key, new OpenAIClientOptions { Endpoint = server.Endpoint }), "gpt-4o", server.Endpoint).WithEnergyTracking();

string[] tickets =
[
    "The VPN drops every ten minutes since the update.", "Printer on floor 3 shows offline.", "I cannot reset my password.",
    "Outlook asks for my password again and again.", "The projector in room B has no signal.", "My laptop battery drains overnight.",
    "Teams calls have echo.", "The shared drive is read-only for me.",
];

for (var i = 0; i < 4; i++)
{
    await Desk.SummarizeAsync(summarizer, tickets[i]);
}

for (var i = 0; i < 3; i++)
{
    await Desk.DraftReplyAsync(replier, tickets[i]);
}

await Desk.EmbedAsync(embedder, tickets);
Desk.Classify(tickets, TimeSpan.FromSeconds(1.5));

Console.WriteLine(JsonSerializer.Serialize(Desk.Lines));

/// <summary>The app's call sites; each records its own line (the line of the AI call) for the test to compare.</summary>
internal static class Desk
{
    public static Dictionary<string, int> Lines { get; } = [];

    public static async Task SummarizeAsync(ChatClient client, string ticket)
    {
        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Summarize: " + ticket)], new ChatCompletionOptions { MaxOutputTokenCount = 200 }); Here("Summarize");
        GC.KeepAlive(completion);
    }

    public static async Task DraftReplyAsync(IChatClient client, string ticket)
    {
        var response = await client.GetResponseAsync("Draft a reply to: " + ticket, new ChatOptions { MaxOutputTokens = 200 }); Here("DraftReply");
        GC.KeepAlive(response);
    }

    public static async Task EmbedAsync(EmbeddingClient client, string[] tickets)
    {
        var embeddings = await client.GenerateEmbeddingsAsync(tickets); Here("Embed");
        GC.KeepAlive(embeddings);
    }

    public static void Classify(string[] tickets, TimeSpan work)
    {
        using (EnergyScope.Inference("intent-model", tickets.Length * 2)) { Here("Classify");
            var end = Stopwatch.GetTimestamp() + (long)(work.TotalSeconds * Stopwatch.Frequency);
            var x = 0.0;
            while (Stopwatch.GetTimestamp() < end)
            {
                x = Math.Sqrt(x + tickets.Length);
            }

            GC.KeepAlive(x);
        }
    }

    private static void Here(string site, [CallerLineNumber] int line = 0) => Lines[site] = line;
}
