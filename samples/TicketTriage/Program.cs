using StandInOpenAI;
using TicketTriage;

// Usage: TicketTriage [--tickets N]
// Triage support tickets, find the help-centre article for each, and draft a reply from it. Runs against the local
// stand-in OpenAI endpoint unless OPENAI_BASE_URL and OPENAI_API_KEY are set.
var tickets = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "tickets.txt"));
var articles = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "articles.txt")).Select(Article.Parse).ToList();
if (args is ["--tickets", var n] && int.TryParse(n, out var count) && count > 0)
{
    tickets = [.. Enumerable.Range(0, count).Select(i => tickets[i % tickets.Length])];
}

using var endpoint = OpenAIEndpoint.FromEnvironment();
OpenAISettings.Endpoint = endpoint;
Console.WriteLine($"Calling {endpoint.Describe()}.");

var knowledgeBase = new KnowledgeBase(new OpenAIEmbeddingGenerator(new OpenAI.Embeddings.EmbeddingClient("text-embedding-3-small", OpenAISettings.Key, OpenAISettings.Options), "text-embedding-3-small"));
await knowledgeBase.IndexAsync(articles);
var categories = new TriageService().Categorize(tickets);
var drafter = new ReplyDrafter();
var replied = 0;
foreach (var (ticket, category) in tickets.Zip(categories))
{
    var article = await knowledgeBase.ClosestAsync(ticket);
    var reply = drafter.Draft(ticket, article);
    replied += reply.Length > 0 ? 1 : 0;
    Console.WriteLine($"{category,-8} {article.Title,-34} {ticket}");
}

Console.WriteLine($"tickets answered: {replied} of {tickets.Length}; articles indexed: {knowledgeBase.Count}");
return 0;
