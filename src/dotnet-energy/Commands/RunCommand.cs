using System.CommandLine;
using Spectre.Console;

namespace EfficiencyKit.Cli.Commands;

/// <summary>'run': launch a .NET program suspended and profile it from its first instruction.</summary>
internal static class RunCommand
{
    public static Command Create(IAnsiConsole console, CliOptions options, Interruption interruption)
    {
        var program = CliOptions.ProgramArgument("The program to launch and its arguments, after --.", ArgumentArity.OneOrMore);
        var command = new Command("run", "Launch a .NET program suspended, profile it from its first instruction until it exits (or --duration), and report joules per call site.") { program };
        options.AddCollectionOptions(command);
        command.Add(options.SamplingIntervalMs);
        command.SetAction((parse, _) => CommandGuard.RunAsync(() => CollectCommand.ProfileAsync(console, options, interruption, parse, parse.GetValue(program)!)));
        return command;
    }
}
