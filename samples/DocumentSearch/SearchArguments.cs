using System.Globalization;

namespace DocumentSearch;

/// <summary>How much of the bundled workload to run: <c>--documents N</c> and <c>--queries N</c> (default: all).</summary>
internal sealed record SearchArguments(int Documents, int Queries)
{
    public const string Usage = "usage: DocumentSearch [--documents N] [--queries N]   (defaults: every document and query in data/)";

    /// <summary>The parsed arguments, or null when they are not understood.</summary>
    public static SearchArguments? Parse(string[] args)
    {
        var parsed = new SearchArguments(int.MaxValue, int.MaxValue);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
            {
                return null;
            }

            parsed = args[i] switch
            {
                "--documents" => parsed with { Documents = count },
                "--queries" => parsed with { Queries = count },
                _ => null,
            };
            if (parsed is null)
            {
                return null;
            }
        }

        return parsed;
    }
}
