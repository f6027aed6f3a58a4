namespace EfficiencyKit.Profiler.Tests;

/// <summary>A test that renders a page in headless Chromium; skipped with the reason where it is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Missing is { } reason)
        {
            Skip = reason;
        }
    }
}
