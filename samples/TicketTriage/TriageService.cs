using OpenAI.Chat;

namespace TicketTriage;

/// <summary>Sorts tickets into billing, bug, account or how-to with a small chat model.</summary>
internal sealed class TriageService
{
    private static readonly string[] s_categories = ["billing", "bug", "account", "how-to"];

    public List<string> Categorize(IEnumerable<string> tickets)
    {
        var categories = new List<string>();
        foreach (var ticket in tickets)
        {
            var client = new ChatClient("gpt-4o-mini", OpenAISettings.Key, OpenAISettings.Options);
            ChatCompletion completion = client.CompleteChat(
                new SystemChatMessage($"Answer with one word from: {string.Join(", ", s_categories)}."),
                new UserChatMessage(ticket));
            categories.Add(completion.Content[0].Text.Trim().Split(' ')[0].ToLowerInvariant());
        }

        return categories;
    }
}
