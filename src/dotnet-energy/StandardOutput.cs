using System;
using Spectre.Console;

namespace EfficiencyKit.Cli;

/// <summary>
/// The console reports are written to: Spectre's own in a terminal; redirected (CI logs, files), plain text wide
/// enough for the tables.
/// </summary>
internal static class StandardOutput
{
    public static IAnsiConsole Create()
    {
        if (!Console.IsOutputRedirected)
        {
            return AnsiConsole.Console;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        console.Profile.Width = 160;
        return console;
    }
}
