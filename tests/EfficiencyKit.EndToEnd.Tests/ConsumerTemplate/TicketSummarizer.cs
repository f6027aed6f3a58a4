using OpenAI.Chat;

namespace Consumer;

public sealed class TicketSummarizer
{
    public List<string> Summarize(IEnumerable<string> tickets)
    {
        var summaries = new List<string>();
        foreach (var ticket in tickets)
        {
            var client = new ChatClient("gpt-4o-mini", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));
            ChatCompletion completion = client.CompleteChat("Summarize this support ticket: " + ticket);
            summaries.Add(completion.Content[0].Text);
        }

        return summaries;
    }
}
