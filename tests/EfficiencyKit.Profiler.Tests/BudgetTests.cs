using System.Text.Json;
using EfficiencyKit.Profiler.Budgets;
using EfficiencyKit.Profiler.Reports;

namespace EfficiencyKit.Profiler.Tests;

public sealed class BudgetTests : IDisposable
{
    private static readonly BudgetEnergySource s_model = new("PowerModel", "modelled", "2 vCPU + 23.5 GB memory, modelled from /proc/stat");
    private readonly string _directory = Directory.CreateTempSubdirectory("ek-budget-test-").FullName;

    [Fact]
    public void Fully_separated_samples_of_five_give_the_smallest_exact_p_of_one_in_252()
        => Assert.Equal(1.0 / 252, RankStatistics.MannWhitneyGreaterPValue([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]), 12);

    [Fact]
    public void The_rank_test_matches_hand_counted_distributions()
    {
        // Candidate {4, 5} against {1, 2, 3}: of the C(5,2) = 10 equally likely rank pairs only {4, 5} is as extreme.
        Assert.Equal(0.1, RankStatistics.MannWhitneyGreaterPValue([1, 2, 3], [4, 5]), 12);

        // Candidate {3, 5} against {1, 2, 4}: rank sums of 8 or more: {3,5}, {4,5} → 2 of 10.
        Assert.Equal(0.2, RankStatistics.MannWhitneyGreaterPValue([1, 2, 4], [3, 5]), 12);

        // A candidate below the baseline: every arrangement is at least as extreme.
        Assert.Equal(1.0, RankStatistics.MannWhitneyGreaterPValue([6, 7, 8], [1, 2]), 12);

        // All values tied: no evidence either way.
        Assert.Equal(1.0, RankStatistics.MannWhitneyGreaterPValue([5, 5, 5], [5, 5]), 12);
    }

    [Fact]
    public void Medians_and_spreads_are_robust_to_one_outlier()
    {
        Assert.Equal(3, RankStatistics.Median([1, 3, 100, 2, 4]));
        Assert.Equal(2.5, RankStatistics.Median([4, 1, 3, 2]));
        Assert.Equal(1, RankStatistics.MedianAbsoluteDeviation([1, 3, 100, 2, 4]));
    }

    [Fact]
    public void A_baseline_keeps_the_sites_above_the_minimum_share_per_functional_unit()
    {
        var runs = Runs(encode: [4.0, 4.2, 3.9, 4.1, 4.0], rank: [4.0, 4.1, 4.0, 3.9, 4.2], other: 0.1);

        var scenario = BudgetBuilder.Build("pipeline", ["dotnet", "app.dll"], runs, new FunctionalUnit("request", 2), 0.2, 0.05);

        Assert.Equal(["Sites.Encode()", "Sites.Rank()"], scenario.CallSites.Select(s => s.Method).Order());
        Assert.Equal(2.0, scenario.CallSites.Single(s => s.Method == "Sites.Encode()").Joules.Median, 9);
        Assert.Equal((0.1 + 4.0 + 4.0 + 0.5) / 2, scenario.Total.Median, 9);
        Assert.Equal(("Program.cs", 20), (scenario.CallSites.Single(s => s.Method == "Sites.Encode()").File, scenario.CallSites.Single(s => s.Method == "Sites.Encode()").Line!.Value));
    }

    [Fact]
    public void An_unchanged_run_passes_and_a_one_and_a_half_times_regression_fails_at_its_call_site()
    {
        var baseline = BudgetBuilder.Build("pipeline", ["dotnet", "app.dll"], Runs([4.0, 4.3, 3.8, 4.1, 4.0], [4.0, 4.1, 4.0, 3.9, 4.2]), null, 0.2, 0.05);

        var unchanged = BudgetChecker.Check(baseline, Runs([4.2, 3.9, 4.0, 4.4, 3.7], [4.1, 3.9, 4.2, 4.0, 4.0]), 0.05);
        var regressed = BudgetChecker.Check(baseline, Runs([6.1, 5.9, 6.3, 6.0, 6.2], [4.1, 3.9, 4.2, 4.0, 4.0], encodeLine: 23), 0.05);

        Assert.True(unchanged.Passed);
        Assert.False(regressed.Passed);
        var encode = regressed.CallSites.Single(s => s.Regressed);
        Assert.Equal(("Sites.Encode()", "Program.cs", 23), (encode.Name, encode.File, encode.Line!.Value));
        Assert.InRange(encode.Ratio, 1.45, 1.55);
        Assert.Equal(1.0 / 252, encode.PValue, 12);
        Assert.Matches(@"^6\.10 J per run, budget 4\.00 J \(\+5[23]%, p = 0\.004; tolerance 20%\)$", encode.Summary);
        Assert.False(regressed.CallSites.Single(s => s.Name == "Sites.Rank()").Regressed);
    }

    [Fact]
    public void A_small_site_whose_growth_is_immaterial_to_the_scenario_passes()
    {
        var baseline = BudgetBuilder.Build("pipeline", ["app"], Runs([4.0, 4.3, 3.8, 4.1, 4.0], [4.0, 4.1, 4.0, 3.9, 4.2], other: 0.6), null, 0.2, 0.05);

        // Main grows 30% in every run (a busy machine), but 0.18 J is under 5% of the 9.2 J scenario.
        var check = BudgetChecker.Check(baseline, Runs([4.0, 4.3, 3.8, 4.1, 4.0], [4.0, 4.1, 4.0, 3.9, 4.2], other: 0.78), 0.05);

        var main = check.CallSites.Single(s => s.Name == "Program.<Main>$()");
        Assert.True(main.Ratio > 1.2 && main.PValue < BudgetChecker.SignificanceLevel);
        Assert.False(main.Regressed);
        Assert.True(check.Passed);
    }

    [Fact]
    public void A_median_beyond_the_tolerance_without_a_significant_rank_test_passes()
    {
        var baseline = BudgetBuilder.Build("pipeline", ["app"], Runs([4.0, 4.3, 3.8, 4.1, 4.0], [4.0, 4.1, 4.0, 3.9, 4.2]), null, 0.2, 0.05);

        // Three runs much slower, two faster than any baseline run: the median moved, the distribution did not clearly.
        var check = BudgetChecker.Check(baseline, Runs([5.5, 5.6, 5.4, 3.0, 3.1], [4.1, 3.9, 4.2, 4.0, 4.0]), 0.05);

        var encode = check.CallSites.Single(s => s.Name == "Sites.Encode()");
        Assert.True(encode.Ratio > 1.2);
        Assert.True(encode.PValue > BudgetChecker.SignificanceLevel);
        Assert.True(check.Passed);
    }

    [Fact]
    public void A_site_too_noisy_for_the_tolerance_is_held_to_its_noise_floor_and_the_baseline_says_what_would_let_the_tolerance_hold()
    {
        // Rank varies ±22% run to run (MAD 0.6 J of 4.0 J): with 5 runs a side, noise alone moves its median 41% in 1% of checks.
        // Encode is large and steady, so the scenario total is not noisy.
        var baselineRuns = WithCpu(Runs([20.0, 20.1, 19.9, 20.0, 20.2], [4.0, 5.2, 3.0, 4.6, 3.4]), rankCpu: 0.05, interval: 0.001);
        var baseline = BudgetBuilder.Build("pipeline", ["app"], baselineRuns, null, 0.2, 0.05);

        // A drifting machine: every check run of Rank above every baseline run (p = 0.004), +38%: a false alarm at 20%.
        var drifted = BudgetChecker.Check(baseline, Runs([20.0, 20.1, 19.9, 20.0, 20.2], [5.3, 5.4, 5.5, 5.6, 5.7]), 0.05);
        var regressed = BudgetChecker.Check(baseline, Runs([20.0, 20.1, 19.9, 20.0, 20.2], [6.3, 6.4, 6.5, 6.6, 6.7]), 0.05);

        var rank = drifted.CallSites.Single(s => s.Name == "Sites.Rank()");
        Assert.True(rank.Ratio > 1.2 && rank.PValue < BudgetChecker.SignificanceLevel);
        Assert.InRange(rank.Threshold, 0.40, 0.42);
        Assert.False(rank.Regressed);
        Assert.True(drifted.Passed);
        Assert.Equal(0.2, drifted.CallSites.Single(s => s.Name == "Sites.Encode()").Threshold);
        var regressedRank = regressed.CallSites.Single(s => s.Name == "Sites.Rank()");
        Assert.True(regressedRank.Regressed);
        Assert.EndsWith("tolerance 20%, 41% for this figure's noise and resolution)", regressedRank.Summary, StringComparison.Ordinal);

        var warning = Assert.Single(BudgetNoise.Warnings(baseline, baselineRuns));
        Assert.StartsWith("Sites.Rank: 50 ms of CPU per run varies ±22% run to run: with 5 runs a side", warning, StringComparison.Ordinal);
        Assert.Contains("checks hold it to +41%, not the 20% tolerance", warning, StringComparison.Ordinal);

        // The floor falls as 1/sqrt(CPU): (0.41 / 0.2)^2 = 4.2 times the CPU, or 4.2 times the runs.
        Assert.Contains("give it about 210 ms of CPU per run (more work per run), take 22 runs (--runs), or raise --tolerance to 0.42.", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_site_with_few_stack_samples_per_run_can_only_fail_by_more_than_its_sampling_resolution()
    {
        // Main: 30 ms (3 samples) per run, as in a 0.3 s scenario. Its start-up work drifts with the machine.
        var baselineRuns = WithCpu(Runs([4.0, 4.3, 3.8, 4.1, 4.0], [4.0, 4.1, 4.0, 3.9, 4.2], other: 2.0), mainCpu: 0.03);
        var path = Path.Combine(_directory, "energy-budget.json");
        EnergyBudgetJson.Write(new EnergyBudget(EnergyBudget.CurrentSchema, [BudgetBuilder.Build("pipeline", ["app"], baselineRuns, null, 0.25, 0.05)]), path);
        var baseline = EnergyBudgetJson.Read(path).Scenarios.Single();
        Assert.Equal(3, baseline.CallSites.Single(s => s.Method == "Program.<Main>$()").CpuSamplesPerRun!.Value, 9);

        // +37%, every run above the baseline's, and 7% of the scenario: all that failed an unchanged check before.
        var drifted = BudgetChecker.Check(baseline, Runs([4.0, 4.3, 3.8, 4.1, 4.0], [4.0, 4.1, 4.0, 3.9, 4.2], other: 2.74), 0.05);
        var doubled = BudgetChecker.Check(baseline, Runs([4.0, 4.3, 3.8, 4.1, 4.0], [4.0, 4.1, 4.0, 3.9, 4.2], other: 4.0), 0.05);

        var main = drifted.CallSites.Single(s => s.Name == "Program.<Main>$()");
        Assert.True(main.Ratio > 1.25 && main.PValue < BudgetChecker.SignificanceLevel && main.CandidateMedian - main.BaselineMedian > 0.05 * baseline.Total.Median);
        Assert.Equal(2.0 / 3, main.Threshold, 9);
        Assert.True(drifted.Passed);
        Assert.True(doubled.CallSites.Single(s => s.Name == "Program.<Main>$()").Regressed);

        var warning = Assert.Single(BudgetNoise.Warnings(baseline, baselineRuns));
        Assert.Equal(
            "Program.<Main>$: 30 ms of CPU per run (3 samples): an increase under 2 samples per run is within sampling resolution, so checks hold it to +67%, not the 25% tolerance. "
            + "For the tolerance to hold, give it about 80 ms of CPU per run (more work per run), sample more often (--sampling-interval-ms, on the check too), or raise --tolerance to 0.67.",
            warning);
    }

    [Fact]
    public void A_budget_written_before_sample_counts_were_recorded_is_checked_at_its_tolerance()
    {
        var baseline = BudgetBuilder.Build("pipeline", ["app"], Runs([4.0, 4.3, 3.8, 4.1, 4.0], [4.0, 4.1, 4.0, 3.9, 4.2]), null, 0.2, 0.05);
        var path = Path.Combine(_directory, "old-budget.json");
        EnergyBudgetJson.Write(new EnergyBudget(EnergyBudget.CurrentSchema, [baseline]), path);

        var read = EnergyBudgetJson.Read(path).Scenarios.Single();

        Assert.All(read.CallSites, site => Assert.Null(site.CpuSamplesPerRun));
        Assert.DoesNotContain("cpuSamplesPerRun", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.All(BudgetChecker.Check(read, Runs([4.0, 4.3, 3.8, 4.1, 4.0], [4.0, 4.1, 4.0, 3.9, 4.2]), 0.05).CallSites, site => Assert.Equal(0.2, site.Threshold));
    }

    [Fact]
    public void Runs_with_another_energy_source_are_never_compared()
    {
        var baseline = BudgetBuilder.Build("pipeline", ["app"], Runs([4.0, 4.3, 3.8, 4.1, 4.0], [4.0, 4.1, 4.0, 3.9, 4.2]), null, 0.2, 0.05);
        var rapl = Runs([4.0, 4.3, 3.8, 4.1, 4.0], [4.0, 4.1, 4.0, 3.9, 4.2]).Select(r => r with { Source = new BudgetEnergySource("PowercapRapl", "measured", "package-0") }).ToList();

        var check = BudgetChecker.Check(baseline, rapl, 0.05);

        Assert.False(check.Passed);
        Assert.Contains("PowerModel (modelled)", check.SourceMismatch, StringComparison.Ordinal);
        Assert.Contains("PowercapRapl (measured)", check.SourceMismatch, StringComparison.Ordinal);
        Assert.Contains("never compared", check.SourceMismatch, StringComparison.Ordinal);
    }

    [Fact]
    public void The_budget_file_round_trips_and_replaces_atomically()
    {
        var path = Path.Combine(_directory, "energy-budget.json");
        var scenario = BudgetBuilder.Build("pipeline", ["dotnet", "app.dll", "--flag"], Runs([4.0, 4.3, 3.8, 4.1, 4.0], [4.0, 4.1, 4.0, 3.9, 4.2]), new FunctionalUnit("ticket", 8), 0.2, 0.05);

        EnergyBudgetJson.Write(new EnergyBudget(EnergyBudget.CurrentSchema, [scenario]), path);
        var read = EnergyBudgetJson.Read(path);

        var again = Assert.Single(read.Scenarios);
        Assert.Equal(scenario.Command, again.Command);
        Assert.Equal(scenario.Total.Samples, again.Total.Samples);
        Assert.Equal(scenario.CallSites.Select(s => (s.Method, s.File, s.Line, s.Joules.Median)), again.CallSites.Select(s => (s.Method, s.File, s.Line, s.Joules.Median)));
        Assert.Equal(new FunctionalUnit("ticket", 8), again.Unit);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Theory]
    [InlineData("{\"schema\":\"efficiencykit.energy-budget/v2\",\"scenarios\":[{\"name\":\"a\"}]}", "scenarios[0].command is missing")]
    [InlineData("{\"schema\":\"efficiencykit.energy-budget/v3\",\"scenarios\":[]}", "schema is 'efficiencykit.energy-budget/v3'")]
    [InlineData("{\"schema\":\"efficiencykit.energy-budget/v2\",\"scenarios\":{}}", "scenarios must be an array")]
    [InlineData("{\"schema\": ", "not valid JSON (line 1)")]
    public void A_malformed_budget_names_the_file_and_the_field(string json, string problem)
    {
        var path = Path.Combine(_directory, "energy-budget.json");
        File.WriteAllText(path, json);

        var error = Assert.Throws<ProfilerException>(() => EnergyBudgetJson.Read(path));

        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_tolerance_names_its_field_path()
    {
        var path = Path.Combine(_directory, "energy-budget.json");
        var scenario = BudgetBuilder.Build("pipeline", ["app"], Runs([4.0, 4.3, 3.8, 4.1, 4.0], [4.0, 4.1, 4.0, 3.9, 4.2]), null, 0.2, 0.05);
        EnergyBudgetJson.Write(new EnergyBudget(EnergyBudget.CurrentSchema, [scenario]), path);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"tolerance\": 0.2", "\"tolerance\": -1", StringComparison.Ordinal));

        Assert.Contains("scenarios[0].tolerance must be a number between 0 and 10", Assert.Throws<ProfilerException>(() => EnergyBudgetJson.Read(path)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"runs\": 5", "\"runs\": 5.5", "scenarios[0].runs must be a whole number between 5 and 100")]
    [InlineData("\"runs\": 5", "\"runs\": 1e300", "scenarios[0].runs must be a whole number between 5 and 100")]
    [InlineData("\"count\": 8", "\"count\": 2.5", "scenarios[0].unit.count must be a whole number")]
    [InlineData("\"tolerance\": 0.2,", "\"tolerance\": 0.2,,", "not valid JSON")]
    [InlineData("\"scenarios\": [", "\"scenarios\": [ // the pipeline\n", "not valid JSON")]
    [InlineData("\"spread\"", "\"median\": -1, \"ignored\"", "scenarios[0].total.median must be a number between 0 and")]
    public void A_budget_is_strict_JSON_with_whole_run_counts_and_medians_that_match_their_samples(string original, string replacement, string problem)
    {
        var path = Path.Combine(_directory, "energy-budget.json");
        var scenario = BudgetBuilder.Build("pipeline", ["app"], Runs([4.0, 4.3, 3.8, 4.1, 4.0], [4.0, 4.1, 4.0, 3.9, 4.2]), new FunctionalUnit("ticket", 8), 0.2, 0.05);
        EnergyBudgetJson.Write(new EnergyBudget(EnergyBudget.CurrentSchema, [scenario]), path);
        var text = File.ReadAllText(path);
        var index = text.IndexOf(original, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{original}' is not in the written budget:\n{text}");
        File.WriteAllText(path, string.Concat(text.AsSpan(0, index), replacement, text.AsSpan(index + original.Length)));

        var error = Assert.Throws<ProfilerException>(() => EnergyBudgetJson.Read(path));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Equal(ProfilerErrorKind.Input, error.Kind);
    }

    [Fact]
    public void A_hand_edited_median_that_disagrees_with_its_samples_is_refused()
    {
        var path = Path.Combine(_directory, "energy-budget.json");
        var scenario = BudgetBuilder.Build("pipeline", ["app"], Runs([4.0, 4.3, 3.8, 4.1, 4.0], [4.0, 4.1, 4.0, 3.9, 4.2]), null, 0.2, 0.05);
        EnergyBudgetJson.Write(new EnergyBudget(EnergyBudget.CurrentSchema, [scenario]), path);
        var median = scenario.Total.Median.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(path, File.ReadAllText(path).Replace($"\"median\": {median}", "\"median\": 100", StringComparison.Ordinal));

        var error = Assert.Throws<ProfilerException>(() => EnergyBudgetJson.Read(path));

        Assert.Contains("scenarios[0].total.median is 100 but the samples give", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SARIF_puts_each_regressed_call_site_at_its_file_and_line()
    {
        var baseline = BudgetBuilder.Build("pipeline", ["app"], Runs([4.0, 4.3, 3.8, 4.1, 4.0], [4.0, 4.1, 4.0, 3.9, 4.2]), null, 0.2, 0.05);
        var check = BudgetChecker.Check(baseline, Runs([8.1, 7.9, 8.3, 8.0, 8.2], [4.1, 3.9, 4.2, 4.0, 4.0], encodeLine: 23), 0.05);
        var path = Path.Combine(_directory, "energy.sarif");

        SarifWriter.Write(new BudgetCheckResult(BudgetCheckResult.CurrentSchema, "energy-budget.json", check.Passed, [check]), path);

        using var sarif = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        var site = results.Single(r => r.GetProperty("ruleId").GetString() == SarifWriter.RegressedCallSite);
        var location = site.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.EndsWith("/Program.cs", location.GetProperty("artifactLocation").GetProperty("uri").GetString(), StringComparison.Ordinal);
        Assert.Equal(23, location.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Contains("Sites.Encode()", site.GetProperty("message").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains(results, r => r.GetProperty("ruleId").GetString() == SarifWriter.RegressedScenario);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The same runs with the CPU seconds a profile bills each site (0.4 s unless told), sampled every <paramref name="interval"/> seconds.</summary>
    private static List<RunMeasurement> WithCpu(List<RunMeasurement> runs, double rankCpu = 0.4, double mainCpu = 0.4, double interval = 0.01)
        => runs.Select(run => run with
        {
            TotalCpuSeconds = 1.0,
            SiteCpuSeconds = new Dictionary<string, double> { ["Sites.Encode()"] = 0.4, ["Sites.Rank()"] = rankCpu, ["Program.<Main>$()"] = mainCpu },
            SamplingIntervalSeconds = interval,
        }).ToList();

    /// <summary>Runs with two sites of the given joules, a small Main, and a total that includes 0.5 J outside any site.</summary>
    internal static List<RunMeasurement> Runs(double[] encode, double[] rank, double other = 0.1, int encodeLine = 20)
        => encode.Zip(rank, (e, r) => new RunMeasurement(
            e + r + other + 0.5,
            new Dictionary<string, (string?, int?, double)>
            {
                ["Sites.Encode()"] = ("Program.cs", encodeLine, e),
                ["Sites.Rank()"] = ("Program.cs", 30, r),
                ["Program.<Main>$()"] = ("Program.cs", 5, other),
            },
            s_model)).ToList();
}
