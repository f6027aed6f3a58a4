using System.CommandLine;
using System.Globalization;
using EfficiencyKit.Profiler.Collection;
using Spectre.Console;

namespace EfficiencyKit.Cli.Commands;

/// <summary>'ps': the .NET processes that 'collect' can attach to.</summary>
internal static class PsCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("ps", "List the .NET processes that can be profiled.");
        command.SetAction((_, _) => CommandGuard.Run(() => List(console)));
        return command;
    }

    private static int List(IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("PID").AddColumn("Name").AddColumn("Command line");
        foreach (var (pid, name, commandLine) in DotNetProcesses.List())
        {
            table.AddRow(pid.ToString(CultureInfo.InvariantCulture), Markup.Escape(name), Markup.Escape(commandLine));
        }

        console.Write(table);
        return ExitCodes.Success;
    }
}
