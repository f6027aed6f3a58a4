using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace EfficiencyKit.Analyzers.Tests.Verification;

/// <summary>
/// Parses roslyn-sdk style markup: <c>[|code|]</c> marks a span for the analyzer's default id,
/// <c>{|EK1001:code|}</c> a span for a named id. Spans may nest. Offsets are character offsets into the
/// source with the markup removed, so expectations are exact.
/// </summary>
public static class TestMarkup
{
    public static (string Source, IReadOnlyList<ExpectedDiagnostic> Expected) Parse(string markup, int documentIndex)
    {
        var output = new StringBuilder(markup.Length);
        var expected = new List<ExpectedDiagnostic>();
        var open = new Stack<(string? Id, int Start, char Closer)>();
        var i = 0;
        while (i < markup.Length)
        {
            if (At(markup, i, "[|"))
            {
                open.Push((null, output.Length, ']'));
                i += 2;
            }
            else if (At(markup, i, "{|"))
            {
                var colon = markup.IndexOf(':', i + 2);
                if (colon < 0)
                {
                    throw new FormatException($"Markup '{{|' at offset {i} has no ':' after the diagnostic id.");
                }

                open.Push((markup.Substring(i + 2, colon - i - 2), output.Length, '}'));
                i = colon + 1;
            }
            else if (At(markup, i, "|]") || At(markup, i, "|}"))
            {
                if (open.Count == 0 || open.Peek().Closer != markup[i + 1])
                {
                    throw new FormatException($"Markup '{markup.Substring(i, 2)}' at offset {i} closes no matching span.");
                }

                var (id, start, _) = open.Pop();
                expected.Add(new ExpectedDiagnostic(id, documentIndex, TextSpan.FromBounds(start, output.Length)));
                i += 2;
            }
            else
            {
                output.Append(markup[i]);
                i++;
            }
        }

        if (open.Count > 0)
        {
            throw new FormatException($"Markup span opened at offset {open.Peek().Start} is never closed.");
        }

        return (output.ToString(), expected);
    }

    private static bool At(string text, int index, string token) => string.CompareOrdinal(text, index, token, 0, token.Length) == 0;
}
