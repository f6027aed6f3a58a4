namespace DocumentSearch;

/// <summary>A knowledge-base article.</summary>
internal sealed record Document(string Id, string Title, string Text)
{
    /// <summary>Reads documents.tsv: one article per line, "id, tab, title, tab, text".</summary>
    public static IEnumerable<Document> Load(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            var fields = line.Split('\t');
            if (fields.Length == 3)
            {
                yield return new Document(fields[0], fields[1], fields[2]);
            }
        }
    }

    /// <summary>What gets embedded: the title carries much of an article's meaning, so it goes first.</summary>
    public string SearchText => $"{Title}. {Text}";
}
