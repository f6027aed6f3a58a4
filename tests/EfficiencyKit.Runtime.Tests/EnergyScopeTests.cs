using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace EfficiencyKit.Runtime.Tests;

[Collection(TelemetryCollection.Name)]
public sealed class EnergyScopeTests
{
    [Fact]
    public void A_scope_names_the_line_of_its_using_statement()
    {
        using var events = new AiEventRecorder();

        using (EnergyScope.Inference("intent-model", batchSize: 32))
        {
            Spin(TimeSpan.FromMilliseconds(5));
        }

        var expectedLine = LineOf(nameof(A_scope_names_the_line_of_its_using_statement)) + 4;
        var start = events.Single("OperationStart");
        Assert.Equal("inference", start.Get<string>("kind"));
        Assert.Equal("onnxruntime", start.Get<string>("provider"));
        Assert.Equal("intent-model", start.Get<string>("model"));
        Assert.Equal(32, start.Get<int>("batchSize"));
        Assert.EndsWith("EnergyScopeTests.cs", start.Get<string>("callerFile"), StringComparison.Ordinal);
        Assert.Equal(expectedLine, start.Get<int>("callerLine"));
        var stop = events.Single("OperationStop");
        Assert.Equal(-1L, stop.Get<long>("inputTokens"));
        Assert.InRange(stop.Get<double>("durationSeconds"), 0.004, 10);
    }

    [Fact]
    public void A_scope_records_modelled_CPU_energy_at_its_call_site()
    {
        using var metrics = new MetricRecorder();

        using (EnergyScope.Inference("intent-model", batchSize: 8))
        {
            Spin(TimeSpan.FromMilliseconds(50));
        }

        var energy = metrics.Of("efficiencykit.operation.energy");
        var min = energy.Single(m => m.Tag("efficiencykit.energy.bound") == "min");
        var max = energy.Single(m => m.Tag("efficiencykit.energy.bound") == "max");

        // At least 50 ms of CPU at 3.5 − 0.74 W is 0.138 J; ±50% gives the bounds (the process may burn more CPU than the spin).
        Assert.Equal(3.0, max.Value / min.Value, 9);
        Assert.InRange((min.Value + max.Value) / 2, 0.9 * 0.05 * 2.76, 0.2 * 2.76 * 2);
        Assert.Equal("power-model", min.Tag("efficiencykit.energy.method"));
        Assert.Equal("inference", min.Tag("gen_ai.operation.name"));
        Assert.EndsWith("EnergyScopeTests.cs", min.Tag("code.file.path"), StringComparison.Ordinal);
        Assert.Equal(LineOf(nameof(A_scope_records_modelled_CPU_energy_at_its_call_site)) + 4, int.Parse(min.Tag("code.line.number")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(metrics.Of("gen_ai.client.token.usage"));
    }

    [Fact]
    public void The_call_site_attribute_can_be_turned_off()
    {
        var saved = AiTelemetry.Options;
        AiTelemetry.Options = new AiTelemetryOptions { IncludeCallSite = false };
        try
        {
            using var metrics = new MetricRecorder();
            using (EnergyScope.Inference("intent-model"))
            {
            }

            Assert.All(metrics.Measurements, m => Assert.Null(m.Tag("code.file.path")));
            Assert.NotEmpty(metrics.Measurements);
        }
        finally
        {
            AiTelemetry.Options = saved;
        }
    }

    [Fact]
    public void A_failed_scope_carries_the_error_type()
    {
        using var events = new AiEventRecorder();
        var scope = EnergyScope.Inference("intent-model");
        scope.Fail(new InvalidOperationException("input shape mismatch"));
        scope.Dispose();
        scope.Dispose();

        Assert.Equal("System.InvalidOperationException", Assert.Single(events.Events, e => e.Name == "OperationStop").Get<string>("status"));
    }

    [Fact]
    public void Without_listeners_scopes_and_events_allocate_nothing()
    {
        for (var i = 0; i < 100; i++)
        {
            Instrumented(i);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            Instrumented(i);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.False(AiEventSource.Log.IsEnabled());

        static void Instrumented(int i)
        {
            using (EnergyScope.Inference("intent-model", batchSize: 1 + (i % 8)))
            {
            }

            var operation = AiTelemetry.Start(AiOperationKind.Chat, "openai", "gpt-4o-mini", 1);
            AiTelemetry.Stop(operation, new AiTokenUsage(10, 20));
            AiEventSource.Log.OperationStart(i, "chat", "openai", "gpt-4o-mini", string.Empty, 0, 1);
        }
    }

    [Fact]
    public void A_batch_must_have_a_row()
        => Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => EnergyScope.Inference("intent-model", 0)).ParamName);

    /// <summary>
    /// Burns at least <paramref name="cpu"/> of CPU, whatever else the machine runs (a wall-clock spin got 27 ms of a
    /// 50 ms slot right after a build). Timed on Process.TotalProcessorTime, not the clock under test; it moves in
    /// 10 ms ticks, hence one tick more.
    /// </summary>
    private static void Spin(TimeSpan cpu)
    {
        using var process = Process.GetCurrentProcess();
        var end = process.TotalProcessorTime + cpu + TimeSpan.FromMilliseconds(10);
        var x = 0.0;
        while (process.TotalProcessorTime < end)
        {
            for (var i = 0; i < 10_000; i++)
            {
                x = Math.Sqrt(x + 1);
            }

            process.Refresh();
        }

        GC.KeepAlive(x);
    }

    // The line of "public void <name>(" in this file, so the expected call-site lines survive edits above them.
    private static int LineOf(string method, [CallerFilePath] string file = "")
        => System.IO.File.ReadAllLines(file).Select((text, index) => (text, index)).Single(l => l.text.Contains($"void {method}(", StringComparison.Ordinal)).index + 1;
}
