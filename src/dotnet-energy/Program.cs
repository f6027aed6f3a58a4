using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using EfficiencyKit.Cli.Commands;
using Spectre.Console;

namespace EfficiencyKit.Cli;

/// <summary>dotnet-energy's root command, assembled from one command per file in Commands/ (as dotnet-trace is laid out).</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        using var interruption = Interruption.FromSignals();

        // No process termination timeout: Ctrl+C is ours (Interruption), the report must still be written.
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = null };
        return await InvokeAsync(CreateRootCommand(StandardOutput.Create(), interruption), args, configuration, interruption.Token);
    }

    /// <summary>The commands in the order <c>--help</c> lists them; <paramref name="console"/> receives the reports.</summary>
    internal static RootCommand CreateRootCommand(IAnsiConsole console, Interruption interruption)
    {
        var options = new CliOptions();
        return new RootCommand("dotnet-energy: which lines of your .NET code spend the energy. Joules are measured (RAPL, NVML) where the machine allows and modelled otherwise, and every report says which.")
        {
            RunCommand.Create(console, options, interruption),
            CollectCommand.Create(console, options, interruption),
            PsCommand.Create(console),
            ReportCommand.Create(console, options),
            BaselineCommand.Create(console, options, interruption.Token),
            CheckCommand.Create(console, options, interruption.Token),
            InspectCommand.Create(console),
            QuantizeCommand.Create(console),
            CompareCommand.Create(console),
        };
    }

    /// <summary>Parses and runs <paramref name="args"/>, returning the process's exit code (<see cref="ExitCodes"/>).</summary>
    internal static async Task<int> InvokeAsync(RootCommand root, string[] args, InvocationConfiguration configuration, CancellationToken stop)
    {
        var parsed = root.Parse(args);
        var exitCode = await parsed.InvokeAsync(configuration, stop);

        // The parser reports its errors (on stderr, with the command's help) and returns 1, the code of a budget regression.
        return parsed.Errors.Count > 0 ? ExitCodes.UsageError : exitCode;
    }
}
