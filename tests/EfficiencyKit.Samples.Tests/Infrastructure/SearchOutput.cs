using System.Globalization;
using System.Text.RegularExpressions;

namespace EfficiencyKit.Samples.Tests.Infrastructure;

/// <summary>What a DocumentSearch run printed: the ranked hits per query and the closing summary line.</summary>
internal sealed partial class SearchOutput
{
    private SearchOutput(Dictionary<string, List<SearchHit>> answers, int documentsIndexed, int queriesAnswered)
    {
        Answers = answers;
        DocumentsIndexed = documentsIndexed;
        QueriesAnswered = queriesAnswered;
    }

    /// <summary>Hits by query, best first, in the order printed.</summary>
    public IReadOnlyDictionary<string, List<SearchHit>> Answers { get; }

    public int DocumentsIndexed { get; }

    public int QueriesAnswered { get; }

    public static SearchOutput Parse(string output)
    {
        var answers = new Dictionary<string, List<SearchHit>>();
        List<SearchHit>? current = null;
        foreach (var line in output.Split('\n').Select(line => line.TrimEnd('\r')))
        {
            if (line.StartsWith("query: ", System.StringComparison.Ordinal))
            {
                current = answers[line["query: ".Length..]] = [];
            }
            else if (Hit().Match(line) is { Success: true } hit && current is not null)
            {
                current.Add(new SearchHit(hit.Groups["id"].Value, double.Parse(hit.Groups["score"].Value.Replace(',', '.'), CultureInfo.InvariantCulture)));
            }
        }

        var summary = Summary().Match(output);
        return new SearchOutput(
            answers,
            summary.Success ? int.Parse(summary.Groups["documents"].Value, CultureInfo.InvariantCulture) : -1,
            summary.Success ? int.Parse(summary.Groups["queries"].Value, CultureInfo.InvariantCulture) : -1);
    }

    // The apps format numbers in the current culture: a decimal comma is accepted too.
    [GeneratedRegex(@"^\s+\d+\. \[(?<id>[^\]]+)\] (?<score>-?\d+[.,]\d+) ")]
    private static partial Regex Hit();

    [GeneratedRegex(@"^(?<documents>\d+) documents indexed in [\d.,]+ s; (?<queries>\d+) queries answered", RegexOptions.Multiline)]
    private static partial Regex Summary();
}
