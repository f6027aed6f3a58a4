using System;
using System.CommandLine;
using System.IO;
using EfficiencyKit.Energy;
using EfficiencyKit.Energy.Llm;
using EfficiencyKit.Profiler.Analysis;
using EfficiencyKit.Profiler.Collection;
using EfficiencyKit.Profiler.Reports;

namespace EfficiencyKit.Cli;

/// <summary>
/// The options shared by several commands (one instance each, so every command that takes one shows the same text),
/// the factories of those that differ per command, and how they map onto the library's options.
/// </summary>
internal sealed class CliOptions
{
    public Option<string> Format { get; } = new("--format", "-f")
    {
        Description = "Output: table (console), json (the report), speedscope (flame graph weighted by joules), html (one self-contained page: summary, call sites, flame graph, models).",
        DefaultValueFactory = _ => "table",
    };

    public Option<FileInfo?> Output { get; } = new("--output", "-o")
    {
        Description = "File for --format json, speedscope or html (default: inside the collection folder); the table goes to the console.",
    };

    public Option<string[]> RollUp { get; } = new("--roll-up")
    {
        Description = "Method-name prefix of your own helpers whose energy belongs to their callers (repeatable), e.g. MyApp.OnnxHelper.",
        AllowMultipleArgumentsPerToken = true,
        DefaultValueFactory = _ => [],
    };

    public Option<string[]> NativeBoundary { get; } = new("--native-boundary")
    {
        Description = "Method-name prefix of a managed method that waits for native worker threads (repeatable); ONNX Runtime's InferenceSession.Run is built in.",
        AllowMultipleArgumentsPerToken = true,
        DefaultValueFactory = _ => [],
    };

    public Option<double> GridIntensity { get; } = new("--grid-intensity")
    {
        Description = "Grid carbon intensity in gCO2e/kWh for the HTML report's carbon figures (default: 475, a world average).",
        DefaultValueFactory = _ => 475,
    };

    public Option<string?> FunctionalUnit { get; } = new("--functional-unit")
    {
        Description = "NAME=COUNT: what the run served (e.g. ticket=8), for energy and SCI per unit in the HTML report.",
    };

    public Option<bool> LlmInputTokens { get; } = new("--llm-input-tokens")
    {
        Description = "Also count the input tokens of remote LLM calls, by our labelled prefill estimate (EcoLogits counts output tokens only).",
    };

    public Option<double> LlmPue { get; } = new("--llm-pue")
    {
        Description = "Power usage effectiveness of the LLM provider's data centre (EcoLogits: 1.2 for OpenAI/Azure, 1.09 for Google).",
        DefaultValueFactory = _ => 1.2,
    };

    public Option<FileInfo?> LlmModels { get; } = new("--llm-models")
    {
        Description = "JSON file of extra or replacement LLM parameter ranges ({ \"models\": [ { \"name\": \"my-model\", \"dense\": [7, 7] } ] }).",
    };

    public Option<DirectoryInfo?> CollectionDirectory { get; } = new("--collection-dir")
    {
        Description = "Folder for the raw collection (trace.NNN.nettrace chunks, timeline.jsonl) and report.json (default: ./energy-<name>-<time>).",
    };

    public Option<TimeSpan?> Duration { get; } = new("--duration", "-d")
    {
        Description = "Stop after this long (hh:mm:ss); default: until the target exits or Ctrl+C.",
    };

    public Option<string> EnergySource { get; } = new("--energy-source")
    {
        Description = "CPU/memory energy: auto (RAPL where readable, else the power model), rapl, model.",
        DefaultValueFactory = _ => "auto",
    };

    public Option<string> Gpu { get; } = new("--gpu")
    {
        Description = "GPU energy: auto (NVML where available), nvml, none.",
        DefaultValueFactory = _ => "auto",
    };

    public Option<int> ChunkSeconds { get; } = new("--chunk-seconds")
    {
        Description = "Length of one EventPipe session; each ends with the runtime's rundown, so a collection cut off keeps named frames for its completed chunks.",
        DefaultValueFactory = _ => 60,
    };

    public Option<int> PollIntervalMs { get; } = new("--poll-interval-ms")
    {
        Description = "How often thread CPU and energy are read (the attribution sub-window).",
        DefaultValueFactory = _ => 50,
    };

    public Option<int> SamplingIntervalMs { get; } = new("--sampling-interval-ms")
    {
        Description = "EventPipe stack sampling interval for launched targets (runtime default 1 ms; 10 ms costs a fifth of it).",
        DefaultValueFactory = _ => 10,
    };

    public Option<double> MaxOverhead { get; } = new("--max-overhead")
    {
        Description = "The share of the target's throughput (percent) stack sampling may cost. Each sample walks every thread, so a target with many threads is sampled in windows covering part of the time; 100 samples all the time.",
        DefaultValueFactory = _ => 2.0,
    };

    public CliOptions()
    {
        Format.AcceptOnlyFromAmong("table", "json", "speedscope", "html");
        EnergySource.AcceptOnlyFromAmong("auto", "rapl", "model");
        Gpu.AcceptOnlyFromAmong("auto", "nvml", "none");
        Validate(Duration, duration => duration <= TimeSpan.Zero ? $"{Duration.Name} must be positive (hh:mm:ss), not {duration}." : null);
        RequireRange(PollIntervalMs, 10, 1000);
        RequireRange(ChunkSeconds, 1, 3600);
        RequireRange(SamplingIntervalMs, 1, 1000);
        RequireRange(MaxOverhead, 0.1, 100.0, " %");
        RequireRange(GridIntensity, 0.0, 2000.0, " gCO2e/kWh");
        RequireRange(LlmPue, 1.0, 3.0, " (a data centre uses at least the energy of its servers)");
    }

    /// <summary>
    /// The program to launch and its arguments, which go after <c>--</c>. The parser hands an unknown option written
    /// before <c>--</c> to this argument, so <c>run --bogus -- dotnet app.dll</c> tried to launch '--bogus' and failed as
    /// a target (exit 4); a program name never starts with '-', so the first token is checked (the program's own
    /// arguments may).
    /// </summary>
    internal static Argument<string[]> ProgramArgument(string description, ArgumentArity arity)
    {
        var program = new Argument<string[]>("command") { Description = description, Arity = arity };
        program.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.Tokens[0].Value.StartsWith('-'))
            {
                result.AddError($"Unrecognized option '{result.Tokens[0].Value}'. The program to run and its arguments go after '--'.");
            }
        });
        return program;
    }

    /// <summary>Rejects values outside [<paramref name="min"/>, <paramref name="max"/>], naming the option; <paramref name="detail"/> follows the bounds.</summary>
    internal static void RequireRange<T>(Option<T> option, T min, T max, string detail = "")
        where T : IComparable<T>
        => Validate(option, value => value.CompareTo(min) < 0 || value.CompareTo(max) > 0
            ? FormattableString.Invariant($"{option.Name} must be between {min} and {max}{detail}.")
            : null);

    /// <summary>
    /// Adds a check of the option's parsed value (<paramref name="problem"/> returns the error, or null). A value that
    /// does not parse at all ('abc', '1e20' for an integer) is left to the parser, which reports it naming the option:
    /// asking for the value here would throw instead.
    /// </summary>
    internal static void Validate<T>(Option<T> option, Func<T, string?> problem)
        => option.Validators.Add(result =>
        {
            T value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                // The parser's own "Cannot parse argument 'abc' for option '--batch'" error stands.
                return;
            }

            if (problem(value) is { } error)
            {
                result.AddError(error);
            }
        });

    public void AddOutputOptions(Command command)
    {
        command.Add(Format);
        command.Add(Output);
        // The table goes to the console, so -o with it wrote nothing and said nothing; users reach for -o to name the
        // collection folder, which is --collection-dir.
        command.Validators.Add(result =>
        {
            // Inside a validator an option left out reads as null, not its default (table).
            if (result.GetValue(Output) is { } file && result.GetValue(Format) is null or "" or "table")
            {
                result.AddError($"{Output.Name} '{file}' names the file for --format json, speedscope or html; the table goes to the console. Add one of those formats, or leave out {Output.Name} (the collection folder of run and collect is {CollectionDirectory.Name}).");
            }
        });
        command.Add(RollUp);
        command.Add(NativeBoundary);
        command.Add(GridIntensity);
        command.Add(FunctionalUnit);
        command.Add(LlmInputTokens);
        command.Add(LlmPue);
        command.Add(LlmModels);
    }

    /// <summary>What a budget's profiled runs are measured with: 'baseline' records them and 'check' repeats them.</summary>
    public void AddMeasurementOptions(Command command)
    {
        command.Add(EnergySource);
        command.Add(Gpu);
        command.Add(PollIntervalMs);
        command.Add(ChunkSeconds);
        command.Add(SamplingIntervalMs);
        command.Add(MaxOverhead);
        command.Add(RollUp);
        command.Add(NativeBoundary);
    }

    public static Option<FileInfo> BudgetFile() => new("--budget", "-b")
    {
        Description = "The budget file.",
        DefaultValueFactory = _ => new FileInfo("energy-budget.json"),
    };

    public static Option<int?> Runs(string description)
    {
        var runs = new Option<int?>("--runs", "-n") { Description = description };
        Validate(runs, value => value is < 5 or > 100
            ? "--runs must be between 5 and 100: with fewer runs the rank test can never reach p < 0.01, so no regression could fail the check."
            : null);
        return runs;
    }

    public static Option<double> MinimumShare()
    {
        var option = new Option<double>("--min-share") { Description = "Call sites below this share of the total get no budget of their own, and a site's increase must reach this share of the total to fail (sampling noise, machine-wide slowdowns).", DefaultValueFactory = _ => 0.05 };
        RequireRange(option, 0.0, 1.0);
        return option;
    }

    public void AddCollectionOptions(Command command)
    {
        command.Add(CollectionDirectory);
        command.Add(Duration);
        command.Add(EnergySource);
        command.Add(Gpu);
        command.Add(PollIntervalMs);
        command.Add(ChunkSeconds);
        command.Add(MaxOverhead);
        AddOutputOptions(command);
    }

    public AnalysisOptions Analysis(ParseResult parse)
    {
        var defaults = new AnalysisOptions();
        return defaults with
        {
            RollUpMethodPrefixes = parse.GetValue(RollUp) ?? [],
            NativeBoundaryMethodPrefixes = [.. defaults.NativeBoundaryMethodPrefixes, .. parse.GetValue(NativeBoundary) ?? []],
            RemoteEnergyModel = new LlmEnergyModel(
                parse.GetValue(LlmPue),
                parse.GetValue(LlmInputTokens),
                parse.GetValue(LlmModels) is { } file ? LlmTable(file) : null),
        };
    }

    public HtmlReportOptions Html(ParseResult parse)
    {
        var options = new HtmlReportOptions { GridIntensityGramsPerKilowattHour = parse.GetValue(GridIntensity) };
        if (parse.GetValue(FunctionalUnit) is not { } unit)
        {
            return options;
        }

        return options with { Unit = EfficiencyKit.Profiler.Reports.FunctionalUnit.Parse(unit, FunctionalUnit.Name) };
    }

    /// <summary>The built-in table with the user's file added; a malformed file is an error naming it.</summary>
    private static LlmModelTable LlmTable(FileInfo file)
    {
        try
        {
            return LlmModelTable.BuiltIn.WithUserFile(file.FullName);
        }
        catch (FormatException exception)
        {
            throw new EfficiencyKit.Profiler.ProfilerException(EfficiencyKit.Profiler.ProfilerErrorKind.Input, $"--llm-models: {exception.Message}", exception);
        }
    }

    public CollectionOptions Collection(ParseResult parse, string targetName, IProgress<CollectionProgress>? progress) => new()
    {
        OutputDirectory = parse.GetValue(CollectionDirectory)?.FullName
            ?? Path.GetFullPath($"energy-{targetName}-{DateTime.Now:yyyyMMdd-HHmmss}"),
        Duration = parse.GetValue(Duration),
        PollInterval = TimeSpan.FromMilliseconds(parse.GetValue(PollIntervalMs)),
        ChunkDuration = TimeSpan.FromSeconds(parse.GetValue(ChunkSeconds)),
        SamplingIntervalMilliseconds = parse.GetValue(SamplingIntervalMs),
        OverheadBudget = parse.GetValue(MaxOverhead) / 100,
        Energy = new EnergyMeterOptions
        {
            Cpu = parse.GetValue(EnergySource) switch { "rapl" => CpuEnergySource.Rapl, "model" => CpuEnergySource.PowerModel, _ => CpuEnergySource.Auto },
            Gpu = parse.GetValue(Gpu) switch { "nvml" => GpuEnergySource.Nvml, "none" => GpuEnergySource.None, _ => GpuEnergySource.Auto },
        },
        Progress = progress,
    };
}
