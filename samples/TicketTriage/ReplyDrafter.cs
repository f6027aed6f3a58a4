using OpenAI.Chat;

namespace TicketTriage;

/// <summary>Drafts a reply to a ticket from the help-centre article that answers it.</summary>
internal sealed class ReplyDrafter
{
    private readonly ChatClient _client = new("gpt-4o", OpenAISettings.Key, OpenAISettings.Options);

    public string Draft(string ticket, (string Title, string Text) article)
    {
        ChatCompletion completion = _client.CompleteChat(
            new SystemChatMessage($"You are a support agent. Answer from this article only.\n{article.Title}: {article.Text}"),
            new UserChatMessage(ticket));
        return completion.Content[0].Text;
    }
}
