using System.CommandLine;

namespace EfficiencyKit.Cli.Tests;

/// <summary>Valid command lines: the command they select and the values its action will read.</summary>
public sealed class ParsingTests
{
    [Fact]
    public void The_root_command_offers_the_nine_commands_in_the_order_help_lists_them()
    {
        var root = CommandLine.Parse("").RootCommandResult.Command;

        Assert.Equal(["run", "collect", "ps", "report", "baseline", "check", "inspect", "quantize", "compare"], root.Subcommands.Select(c => c.Name));
    }

    [Fact]
    public void Run_takes_the_program_and_its_own_arguments_after_the_double_dash()
    {
        var parse = CommandLine.Parse("run --duration 00:00:05 -f json --roll-up MyApp.Helpers --sampling-interval-ms 2 -- dotnet app.dll --verbose -f x");

        Assert.Empty(parse.Errors);
        Assert.Equal("run", parse.CommandResult.Command.Name);
        Assert.Equal(["dotnet", "app.dll", "--verbose", "-f", "x"], parse.GetValue<string[]>("command")!);
        Assert.Equal(TimeSpan.FromSeconds(5), parse.GetValue<TimeSpan?>("--duration"));
        Assert.Equal("json", parse.GetValue<string>("--format"));
        Assert.Equal(["MyApp.Helpers"], parse.GetValue<string[]>("--roll-up")!);
        Assert.Equal(2, parse.GetValue<int>("--sampling-interval-ms"));
    }

    [Fact]
    public void Collect_attaches_to_a_process_id_with_the_documented_defaults()
    {
        var parse = CommandLine.Parse("collect -p 4242");

        Assert.Empty(parse.Errors);
        Assert.Equal("collect", parse.CommandResult.Command.Name);
        Assert.Equal(4242, parse.GetValue<int>("--process-id"));
        Assert.Equal("table", parse.GetValue<string>("--format"));
        Assert.Equal("auto", parse.GetValue<string>("--energy-source"));
        Assert.Equal("auto", parse.GetValue<string>("--gpu"));
        Assert.Equal(50, parse.GetValue<int>("--poll-interval-ms"));
        Assert.Equal(60, parse.GetValue<int>("--chunk-seconds"));
        Assert.Equal(475, parse.GetValue<double>("--grid-intensity"));
        Assert.Equal(1.2, parse.GetValue<double>("--llm-pue"));
        Assert.Null(parse.GetValue<TimeSpan?>("--duration"));
    }

    [Fact]
    public void Report_renders_a_saved_collection_in_the_chosen_format()
    {
        var parse = CommandLine.Parse("report energy-app --format html --functional-unit ticket=8 --grid-intensity 56 -o page.html");

        Assert.Empty(parse.Errors);
        Assert.Equal("report", parse.CommandResult.Command.Name);
        Assert.Equal("energy-app", parse.GetValue<string>("collection"));
        Assert.Equal("html", parse.GetValue<string>("--format"));
        Assert.Equal("ticket=8", parse.GetValue<string?>("--functional-unit"));
        Assert.Equal(56, parse.GetValue<double>("--grid-intensity"));
        Assert.Equal("page.html", parse.GetValue<FileInfo?>("--output")?.Name);
    }

    [Fact]
    public void Baseline_and_check_share_the_budget_file_default_and_the_measurement_options()
    {
        var baseline = CommandLine.Parse("baseline -s api -n 5 --tolerance 0.1 --energy-source model --gpu none -- dotnet app.dll");
        var check = CommandLine.Parse("check -s api --result r.json --sarif r.sarif --min-share 0.1 --sampling-interval-ms 20");

        Assert.Empty(baseline.Errors);
        Assert.Empty(check.Errors);
        Assert.Equal("energy-budget.json", baseline.GetValue<FileInfo>("--budget")!.Name);
        Assert.Equal("energy-budget.json", check.GetValue<FileInfo>("--budget")!.Name);
        Assert.Equal("api", baseline.GetValue<string>("--scenario"));
        Assert.Equal(5, baseline.GetValue<int?>("--runs"));
        Assert.Equal(0.1, baseline.GetValue<double>("--tolerance"));
        Assert.Equal("model", baseline.GetValue<string>("--energy-source"));
        Assert.Equal(["dotnet", "app.dll"], baseline.GetValue<string[]>("command")!);
        Assert.Null(check.GetValue<int?>("--runs"));
        Assert.Empty(check.GetValue<string[]>("command")!);
        Assert.Equal(0.1, check.GetValue<double>("--min-share"));
        Assert.Equal(20, check.GetValue<int>("--sampling-interval-ms"));
    }

    [Fact]
    public void Model_and_comparison_commands_read_their_values()
    {
        var inspect = CommandLine.Parse("inspect model.onnx -b 8 --dim sequence=128 --dim heads=12 -f json");
        var quantize = CommandLine.Parse("quantize model.onnx --to int4 --block-size 64 --asymmetric --accuracy-level 0");
        var compare = CommandLine.Parse("compare a.json,b.json c.json --unit document=300 --top 5");

        Assert.Empty(inspect.Errors);
        Assert.Empty(quantize.Errors);
        Assert.Empty(compare.Errors);
        Assert.Equal(8, inspect.GetValue<long>("--batch"));
        Assert.Equal(["sequence=128", "heads=12"], inspect.GetValue<string[]>("--dim")!);
        Assert.Equal("int4", quantize.GetValue<string>("--to"));
        Assert.Equal(64, quantize.GetValue<int>("--block-size"));
        Assert.True(quantize.GetValue<bool>("--asymmetric"));
        Assert.Equal(0, quantize.GetValue<int>("--accuracy-level"));
        Assert.Equal("a.json,b.json", compare.GetValue<string>("before"));
        Assert.Equal(5, compare.GetValue<int>("--top"));
    }
}
