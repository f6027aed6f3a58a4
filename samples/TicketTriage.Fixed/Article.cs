namespace TicketTriage;

/// <summary>A help-centre article: one "Title|Text" line of articles.txt.</summary>
internal sealed record Article(string Title, string Text)
{
    public static Article Parse(string line)
    {
        var parts = line.Split('|', 2);
        return parts.Length == 2 ? new Article(parts[0], parts[1]) : throw new FormatException($"An article line must be 'Title|Text': '{line}'.");
    }
}
