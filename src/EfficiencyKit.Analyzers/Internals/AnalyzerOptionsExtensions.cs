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

    public static string? GetStringOption(this AnalyzerOptions options, SyntaxTree tree, string key)
        => options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(key, out var text) && text.Trim().Length > 0 ? text.Trim() : null;

    public static int GetPositiveIntegerOption(this AnalyzerOptions options, SyntaxTree tree, string key, int defaultValue)
        => options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(key, out var text)
            && int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value > 0
                ? value
                : defaultValue;
}
