using System;
using System.IO;
using System.Threading.Tasks;
using EfficiencyKit.Energy;
using EfficiencyKit.Onnx;
using EfficiencyKit.Profiler;
using Spectre.Console;

namespace EfficiencyKit.Cli;

/// <summary>Turns the errors a user can cause (bad files, bad models, unreadable counters) into one "error:" line and exit code 1.</summary>
internal static class CommandGuard
{
    public static async Task<int> RunAsync(IAnsiConsole console, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception exception) when (exception is ProfilerException or EnergySourceException or OnnxFormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            // ArgumentException appends "(Parameter 'x')", which names our code, not the user's option.
            var message = exception is ArgumentException { ParamName: { } name } ? exception.Message.Replace($" (Parameter '{name}')", "") : exception.Message;
            console.MarkupLineInterpolated($"[red]error:[/] {message}");
            return 1;
        }
    }

    public static Task<int> Run(IAnsiConsole console, Func<int> action) => RunAsync(console, () => Task.FromResult(action()));
}
