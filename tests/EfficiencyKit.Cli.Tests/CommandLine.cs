using System.CommandLine;
using Spectre.Console;

namespace EfficiencyKit.Cli.Tests;

/// <summary>dotnet-energy's root command built in process, as Program.Main builds it, but writing into strings and listening to no signal.</summary>
internal static class CommandLine
{
    public static ParseResult Parse(string commandLine) => Root(new StringWriter()).Parse(Split(commandLine));

    /// <summary>Parses and runs <paramref name="commandLine"/> as the process would: the exit code, stdout and the parser's stderr.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> InvokeAsync(string commandLine)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var interruption = new Interruption();
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        var exitCode = await Program.InvokeAsync(Root(output, interruption), Split(commandLine), configuration, interruption.Token);
        return (exitCode, output.ToString(), error.ToString());
    }

    private static RootCommand Root(StringWriter output, Interruption? interruption = null)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(output) });
        return Program.CreateRootCommand(console, interruption ?? new Interruption());
    }

    // The test command lines quote nothing, so splitting on spaces is what a shell would do.
    private static string[] Split(string commandLine) => commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
