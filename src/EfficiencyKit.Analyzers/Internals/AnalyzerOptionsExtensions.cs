using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>Reads rule options from .editorconfig keys of the form <c>EK1001.option_name = value</c>.</summary>
internal static class AnalyzerOptionsExtensions
{
    public static bool GetBooleanOption(this AnalyzerOptions options, SyntaxTree tree, string key, bool defaultValue)
    {
        if (options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(key, out var text)
            && bool.TryParse(text.Trim(), out var value))
        {
            return value;
        }

        return defaultValue;
    }
}
