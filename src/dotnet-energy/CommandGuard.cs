using System;
using System.IO;
using System.Threading.Tasks;
using EfficiencyKit.Energy;
using EfficiencyKit.Onnx;
using EfficiencyKit.Profiler;

namespace EfficiencyKit.Cli;

/// <summary>Turns the errors a user can cause (bad options, bad files, bad models, unreadable counters) into one "error:" line on stderr and the exit code of their kind.</summary>
internal static class CommandGuard
{
    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception exception) when (ExitCodeOf(exception) is { } exitCode)
        {
            // ArgumentException appends "(Parameter 'x')", which names our code, not the user's option.
            var message = exception is ArgumentException { ParamName: { } name } ? exception.Message.Replace($" (Parameter '{name}')", "") : exception.Message;
            StandardError.Error(message);
            return exitCode;
        }
    }

    public static Task<int> Run(Func<int> action) => RunAsync(() => Task.FromResult(action()));

    private static int? ExitCodeOf(Exception exception) => exception switch
    {
        ProfilerException { Kind: ProfilerErrorKind.Usage } or ArgumentException => ExitCodes.UsageError,
        ProfilerException { Kind: ProfilerErrorKind.Input } or OnnxFormatException or IOException or UnauthorizedAccessException => ExitCodes.InputError,
        ProfilerException { Kind: ProfilerErrorKind.Target } => ExitCodes.TargetFailure,
        ProfilerException or EnergySourceException => ExitCodes.ProfilingError,
        _ => null,
    };
}
