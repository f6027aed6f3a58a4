using System.Text;
using EfficiencyKit.Profiler.Budgets;
using EfficiencyKit.Profiler.Reports;

namespace EfficiencyKit.Profiler.Tests;

/// <summary>
/// Bounded, fixed-seed fuzzing of the files users hand to the tool (a budget, a report): every mutant is either read
/// or refused with the typed input error, never another exception. A few hundred mutants each, well under a second.
/// </summary>
public sealed class ParserFuzzTests : IDisposable
{
    private const int Mutants = 400;

    // Characters that change JSON's structure or a value's type, besides random bytes.
    private static readonly string s_alphabet = "{}[]\",:-.0123456789eEtruefalsn \u00e9\\";

    private readonly string _directory = Directory.CreateTempSubdirectory("ek-fuzz-").FullName;

    [Fact]
    public void Mutated_budgets_are_read_or_refused_with_the_input_error()
    {
        var valid = Path.Combine(_directory, "valid.json");
        var scenario = BudgetBuilder.Build("pipeline", ["dotnet", "app.dll"], BudgetTests.Runs([4.0, 4.3, 3.8, 4.1, 4.0], [4.0, 4.1, 4.0, 3.9, 4.2]), new FunctionalUnit("ticket", 8), 0.25, 0.05);
        EnergyBudgetJson.Write(new EnergyBudget(EnergyBudget.CurrentSchema, [scenario]), valid);

        var refused = Fuzz(File.ReadAllText(valid), 1, path => EnergyBudgetJson.Read(path));

        // Most mutants break the document; a fuzzer whose mutants all still parse would test nothing.
        Assert.InRange(refused, Mutants / 2, Mutants);
    }

    [Fact]
    public void Mutated_reports_are_read_or_refused_with_the_input_error()
    {
        var json = EnergyReportJson.Serialize(new SyntheticTrace(false, (1, "worker")).Attribute());

        var refused = Fuzz(json, 2, path => EnergyReportJson.Read(path));

        Assert.InRange(refused, Mutants / 2, Mutants);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private int Fuzz(string valid, int seed, Action<string> read)
    {
        var random = new Random(seed);
        var path = Path.Combine(_directory, "mutant.json");
        var refused = 0;
        for (var i = 0; i < Mutants; i++)
        {
            var text = new StringBuilder(valid);
            for (var m = 1 + random.Next(4); m > 0 && text.Length > 0; m--)
            {
                var at = random.Next(text.Length);
                switch (random.Next(4))
                {
                    case 0: text.Remove(at, Math.Min(1 + random.Next(8), text.Length - at)); break;
                    case 1: text.Insert(at, s_alphabet[random.Next(s_alphabet.Length)]); break;
                    case 2: text[at] = s_alphabet[random.Next(s_alphabet.Length)]; break;
                    default: text[at] = (char)random.Next(1, 0x250); break;
                }
            }

            File.WriteAllText(path, text.ToString());
            try
            {
                read(path);
            }
            catch (ProfilerException exception)
            {
                Assert.Equal(ProfilerErrorKind.Input, exception.Kind);
                refused++;
            }
        }

        return refused;
    }
}
