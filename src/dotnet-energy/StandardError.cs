using System;
using Spectre.Console;

namespace EfficiencyKit.Cli;

/// <summary>
/// Errors and warnings go to stderr, never into a report written to stdout (<c>-f json &gt; out.json</c>). In a
/// terminal they are coloured; redirected, each is one plain line, never wrapped, so logs and scripts can match it.
/// </summary>
internal static class StandardError
{
    private static readonly Lazy<IAnsiConsole> s_terminal = new(() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }));

    public static void Error(string message) => Write("red", "error", message);

    public static void Warning(string message) => Write("yellow", "warning", message);

    private static void Write(string colour, string label, string message)
    {
        if (Console.IsErrorRedirected)
        {
            Console.Error.WriteLine($"{label}: {message}");
        }
        else
        {
            s_terminal.Value.MarkupLine($"[{colour}]{label}:[/] {Markup.Escape(message)}");
        }
    }
}
