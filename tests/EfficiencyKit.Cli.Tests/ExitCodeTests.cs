namespace EfficiencyKit.Cli.Tests;

/// <summary>
/// Command lines run in process as the tool runs them: usage errors exit 2 (never 1, which means a budget
/// regression) naming the problem, before any action runs; errors in the inputs exit 3.
/// </summary>
public sealed class ExitCodeTests
{
    [Theory]
    [InlineData("bogus", "Unrecognized command or argument 'bogus'.")]
    [InlineData("report r.json --nope", "Unrecognized command or argument '--nope'.")]
    [InlineData("collect -p 1 --sampling-interval-ms 5", "Unrecognized command or argument '--sampling-interval-ms'.")]
    [InlineData("collect -p abc", "Cannot parse argument 'abc' for option '--process-id'")]
    [InlineData("run --format xml -- dotnet app.dll", "Argument 'xml' not recognized. Must be one of:")]
    [InlineData("run --poll-interval-ms 5 -- dotnet app.dll", "--poll-interval-ms must be between 10 and 1000.")]
    [InlineData("run --duration 00:00:00 -- dotnet app.dll", "--duration must be positive (hh:mm:ss), not 00:00:00.")]
    [InlineData("check --runs 3", "--runs must be between 5 and 100")]
    [InlineData("run --bogus -- dotnet app.dll", "Unrecognized option '--bogus'. The program to run and its arguments go after '--'.")]
    [InlineData("baseline -s api --bogus -- dotnet app.dll", "Unrecognized option '--bogus'.")]
    [InlineData("inspect m.onnx --dim x", "--dim 'x' is not name=value with a positive integer value.")]
    [InlineData("inspect m.onnx --batch 0", "--batch must be 1 or more.")]
    [InlineData("quantize m.onnx --to int3", "Argument 'int3' not recognized. Must be one of:")]
    [InlineData("run -o out -- dotnet app.dll", "--output 'out' names the file for --format json, speedscope or html; the table goes to the console.")]
    [InlineData("report r.json --output r.txt", "--output 'r.txt' names the file for --format json, speedscope or html;")]
    public async Task An_unknown_option_or_a_bad_value_exits_2_naming_it(string commandLine, string error)
    {
        var (exitCode, _, stderr) = await CommandLine.InvokeAsync(commandLine);

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Contains(error, stderr, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run", "Required argument 'command' missing for command: 'run'.")]
    [InlineData("collect", "Option '--process-id' is required.")]
    [InlineData("report", "Required argument 'collection' missing for command: 'report'.")]
    [InlineData("baseline -- dotnet app.dll", "Option '--scenario' is required.")]
    [InlineData("quantize m.onnx", "Option '--to' is required.")]
    [InlineData("compare a.json b.json", "Option '--unit' is required.")]
    public async Task A_missing_required_argument_or_option_exits_2_naming_it(string commandLine, string error)
    {
        var (exitCode, stdout, stderr) = await CommandLine.InvokeAsync(commandLine);

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Contains(error, stderr, System.StringComparison.Ordinal);
        // The command's help follows the error, so the user sees what it takes.
        Assert.Contains("Usage:", stdout, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_exits_0_and_lists_every_command()
    {
        var (exitCode, stdout, stderr) = await CommandLine.InvokeAsync("--help");

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Empty(stderr);
        foreach (var command in new[] { "run <command>", "collect", "ps", "report <collection>", "baseline <command>", "check <command>", "inspect <model>", "quantize <model>", "compare <before> <after>" })
        {
            Assert.Contains("  " + command + " ", stdout, System.StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("report /nonexistent/energy-collection")]
    [InlineData("check --budget /nonexistent/energy-budget.json")]
    public async Task A_missing_input_exits_3_before_anything_runs(string commandLine)
    {
        var (exitCode, _, _) = await CommandLine.InvokeAsync(commandLine);

        Assert.Equal(ExitCodes.InputError, exitCode);
    }
}
