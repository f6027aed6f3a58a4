namespace EfficiencyKit.Analyzers.Tests.Rules;

/// <summary>EK1301 on ONNX Runtime GenAI generators (Microsoft.ML.OnnxRuntimeGenAI 0.20): a generator whose parameters set no max_length.</summary>
public sealed class BoundGenerationOutputGenAITests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder()
        .WithAnalyzer<BoundGenerationOutputAnalyzer>()
        .WithCodeFixProvider<BoundGenerationOutputFixer>();

    [Fact]
    public Task A_generator_whose_parameters_set_no_max_length_is_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Text;
                using Microsoft.ML.OnnxRuntimeGenAI;

                public sealed class LocalChat(Model model, Tokenizer tokenizer)
                {
                    public string Answer(string question)
                    {
                        using var sequences = tokenizer.Encode($"<|user|>{question}<|end|><|assistant|>");
                        using var generatorParams = new GeneratorParams(model);
                        generatorParams.SetSearchOption("temperature", 0.2);
                        using var generator = [|new Generator(model, generatorParams)|];
                        generator.AppendTokenSequences(sequences);
                        using var stream = tokenizer.CreateStream();
                        var answer = new StringBuilder();
                        while (!generator.IsDone())
                        {
                            generator.GenerateNextToken();
                            answer.Append(stream.Decode(generator.GetSequence(0)[^1]));
                        }

                        return answer.ToString();
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'Generator' sets no output token cap (ONNX Runtime GenAI generates to the model's max_length, its whole context); set 'GeneratorParams.SetSearchOption(\"max_length\", …)' so one answer cannot run to the model's limit")
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task A_max_length_a_token_count_or_parameters_from_elsewhere_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntimeGenAI;

                public sealed class LocalChat(Model model, Tokenizer tokenizer)
                {
                    public void Capped(string prompt)
                    {
                        using var sequences = tokenizer.Encode(prompt);
                        using var generatorParams = new GeneratorParams(model);
                        generatorParams.SetSearchOption("max_length", 1024);
                        using var generator = new Generator(model, generatorParams);
                        generator.AppendTokenSequences(sequences);
                        while (!generator.IsDone())
                        {
                            generator.GenerateNextToken();
                        }
                    }

                    public void Counted(string prompt, int maxNewTokens)
                    {
                        using var sequences = tokenizer.Encode(prompt);
                        using var generatorParams = new GeneratorParams(model);
                        using var generator = new Generator(model, generatorParams);
                        generator.AppendTokenSequences(sequences);
                        for (var produced = 0; !generator.IsDone() && produced < maxNewTokens; produced++)
                        {
                            generator.GenerateNextToken();
                        }
                    }

                    public void StoppedByBreak(string prompt)
                    {
                        using var sequences = tokenizer.Encode(prompt);
                        using var generatorParams = new GeneratorParams(model);
                        using var generator = new Generator(model, generatorParams);
                        generator.AppendTokenSequences(sequences);
                        var produced = 0;
                        while (!generator.IsDone())
                        {
                            generator.GenerateNextToken();
                            if (++produced >= 256)
                            {
                                break;
                            }
                        }
                    }

                    public void ConfiguredElsewhere(string prompt)
                    {
                        using var generatorParams = new GeneratorParams(model);
                        Configure(generatorParams);
                        using var generator = new Generator(model, generatorParams);
                        generator.AppendTokenSequences(tokenizer.Encode(prompt));
                        while (!generator.IsDone())
                        {
                            generator.GenerateNextToken();
                        }
                    }

                    public void OptionNamedAtRunTime(string prompt, string option, double value)
                    {
                        using var generatorParams = new GeneratorParams(model);
                        generatorParams.SetSearchOption(option, value);
                        using var generator = new Generator(model, generatorParams);
                        generator.AppendTokenSequences(tokenizer.Encode(prompt));
                        while (!generator.IsDone())
                        {
                            generator.GenerateNextToken();
                        }
                    }

                    public Generator FromParameters(GeneratorParams generatorParams) => new Generator(model, generatorParams);

                    private static void Configure(GeneratorParams generatorParams) => generatorParams.SetSearchOption("max_length", 2048);
                }
                """)
            .ValidateAsync();
}
