namespace EfficiencyKit.Analyzers.Tests.Rules;

public sealed class DisableIdleSpinningAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder()
        .WithAnalyzer<DisableIdleSpinningAnalyzer>()
        .WithCodeFixProvider<DisableIdleSpinningFixer>()
        .WithCompilationEndFixes()
        .WithAspNetCore();

    // The minimal API service program; only its constructor body differs between source and fix.
    private static string MinimalApiEmbedder(string constructorBody) => $$"""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.ML.OnnxRuntime;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton<Embedder>();
        var app = builder.Build();
        app.MapPost("/embed", (Embedder embedder, float[] input) => embedder.Embed(input));
        app.Run();

        public sealed class Embedder
        {
            private readonly InferenceSession _session;

            public Embedder()
            {
                {{Indented(constructorBody)}}
            }

            public float[] Embed(float[] input)
            {
                using var value = OrtValue.CreateTensorValueFromMemory(input, new long[] { 1, input.Length });
                using var outputs = _session.Run(new RunOptions(), new[] { "x" }, new[] { value }, new[] { "y" });
                return outputs[0].GetTensorDataAsSpan<float>().ToArray();
            }
        }
        """;

    // The SignalR hub program; only the scorer's constructor body differs between source and fix.
    private static string HubScorer(string constructorBody) => $$"""
        using Microsoft.AspNetCore.SignalR;
        using Microsoft.ML.OnnxRuntime;

        public sealed class Scorer
        {
            public static Scorer Instance { get; } = new();

            private readonly InferenceSession _session;

            private Scorer()
            {
                // The model ships next to the app.
                {{Indented(constructorBody)}}
            }

            public int Score(float[] input)
            {
                using var value = OrtValue.CreateTensorValueFromMemory(input, new long[] { 1, input.Length });
                using var outputs = _session.Run(new RunOptions(), new[] { "x" }, new[] { value }, new[] { "y" });
                return outputs.Count;
            }
        }

        public sealed class ScoreHub : Hub
        {
            public int Score(float[] input) => Scorer.Instance.Score(input);
        }
        """;

    // The MVC controller program; only the classifier's constructor body differs between source and fix.
    private static string ControllerClassifier(string constructorBody) => $$"""
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.ML.OnnxRuntime;

        public interface IClassifier
        {
            int Classify(float[] features);
        }

        public sealed class OnnxClassifier : IClassifier
        {
            private readonly InferenceSession _session;

            public OnnxClassifier()
            {
                using var options = new SessionOptions { IntraOpNumThreads = 4 };
                {{Indented(constructorBody)}}
            }

            public int Classify(float[] features)
            {
                using var value = OrtValue.CreateTensorValueFromMemory(features, new long[] { 1, features.Length });
                using var outputs = _session.Run(new RunOptions(), new[] { "x" }, new[] { value }, new[] { "y" });
                return outputs.Count;
            }
        }

        [ApiController]
        [Route("classify")]
        public sealed class ClassifyController(IClassifier classifier) : ControllerBase
        {
            [HttpPost]
            public int Post(float[] features) => classifier.Classify(features);
        }
        """;

    // Lines 2 and on of a constructor body, indented to stand in the programs' constructors.
    private static string Indented(string constructorBody) => constructorBody.Replace("\n", "\n        ", System.StringComparison.Ordinal);

    // ---- request/response shapes: reported ----------------------------------------------------------

    // Fully qualified in the fix: Microsoft.AspNetCore.Builder has a SessionOptions too, so the short name would be ambiguous.
    [Fact]
    public Task Service_called_from_a_minimal_API_handler_gets_options_with_spinning_off()
        => CreateProjectBuilder()
            .WithOutputKind(OutputKind.ConsoleApplication)
            .WithSourceCode(MinimalApiEmbedder("""
                _session = [|new InferenceSession("models/encoder.onnx")|];
                """))
            .ShouldReport(DiagnosticSeverity.Info, "'_session' is run per request, through 'MapPost' and 'Embed' and its SessionOptions leave intra-op spinning on, ONNX Runtime's default: after every run its worker threads busy-wait for more work, burning CPU while the service waits for the next request; add AddSessionConfigEntry(\"session.intra_op.allow_spinning\", \"0\")")
            .ShouldFixCodeWith(MinimalApiEmbedder("""
                using var sessionOptions = new Microsoft.ML.OnnxRuntime.SessionOptions();
                sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
                _session = new InferenceSession("models/encoder.onnx", sessionOptions);
                """))
            .ValidateAsync();

    [Fact]
    public Task Hub_method_with_a_session_created_without_options_in_the_constructor()
        => CreateProjectBuilder()
            .WithSourceCode(HubScorer("""
                _session = [|new InferenceSession("models/scorer.onnx")|];
                """))
            .ShouldReport(DiagnosticSeverity.Info, "'_session' is run per request, through 'Score' and 'Score'")
            .ShouldFixCodeWith(HubScorer("""
                using var sessionOptions = new SessionOptions();
                sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
                _session = new InferenceSession("models/scorer.onnx", sessionOptions);
                """))
            .ValidateAsync();

    [Fact]
    public Task Controller_action_through_an_interface_with_options_local()
        => CreateProjectBuilder()
            .WithSourceCode(ControllerClassifier("""
                options.AppendExecutionProvider_CPU(0);
                _session = [|new InferenceSession("models/intent.onnx", options)|];
                """))
            .ShouldReport(DiagnosticSeverity.Info, "'_session' is run per request, through 'Post' and 'Classify'")
            .ShouldFixCodeWith(ControllerClassifier("""
                options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
                options.AppendExecutionProvider_CPU(0);
                _session = new InferenceSession("models/intent.onnx", options);
                """))
            .ValidateAsync();

    [Fact]
    public Task Parallel_execution_mode_needs_both_keys()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.ML.OnnxRuntime;

                public sealed class DetectController : ControllerBase
                {
                    private static readonly InferenceSession s_session = Create();

                    private static InferenceSession Create()
                    {
                        var options = new SessionOptions();
                        options.ExecutionMode = ExecutionMode.ORT_PARALLEL;
                        return new InferenceSession("models/detector.onnx", options);
                    }

                    public static InferenceSession Shared { get; } = [|new InferenceSession("models/detector.onnx", new SessionOptions { ExecutionMode = ExecutionMode.ORT_PARALLEL })|];

                    public int Detect(float[] image)
                    {
                        using var value = OrtValue.CreateTensorValueFromMemory(image, new long[] { 1, 3, 224, 224 });
                        using var outputs = Shared.Run(new RunOptions(), new[] { "x" }, new[] { value }, new[] { "y" });
                        return outputs.Count + s_session.InputNames.Count;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'Shared' is run per request in 'Detect' and its SessionOptions leave intra-op and inter-op spinning on")
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Hosted_service_loop_that_waits_on_a_channel()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Threading;
                using System.Threading.Channels;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;
                using Microsoft.ML.OnnxRuntime;

                public sealed class ScoringWorker(Channel<float[]> requests) : BackgroundService
                {
                    private readonly InferenceSession _session = [|new InferenceSession("models/scorer.onnx")|];

                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        await foreach (var features in requests.Reader.ReadAllAsync(stoppingToken))
                        {
                            using var value = OrtValue.CreateTensorValueFromMemory(features, new long[] { 1, features.Length });
                            using var outputs = _session.Run(new RunOptions(), new[] { "x" }, new[] { value }, new[] { "y" });
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'_session' is run in a waiting loop of 'ExecuteAsync'")
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Session_registered_in_DI_and_injected_into_a_handler()
        => CreateProjectBuilder()
            .WithOutputKind(OutputKind.ConsoleApplication)
            .WithSourceCode("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.ML.OnnxRuntime;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddSingleton(_ => [|new InferenceSession("models/intent.onnx")|]);
                var app = builder.Build();
                app.MapGet("/inputs", (InferenceSession session) =>
                {
                    using var value = OrtValue.CreateTensorValueFromMemory(new float[8], new long[] { 1, 8 });
                    using var outputs = session.Run(new RunOptions(), new[] { "x" }, new[] { value }, new[] { "y" });
                    return outputs.Count;
                });
                app.Run();
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'the registered InferenceSession' is run per request in 'MapGet'")
            .ShouldNotOfferFix()
            .ValidateAsync();

    // ---- near misses: quiet ------------------------------------------------------------------------

    [Fact]
    public Task Spinning_set_explicitly_one_thread_or_unknown_options_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.ML.OnnxRuntime;

                public sealed class ScoreController : ControllerBase
                {
                    private const string SpinKey = "session.intra_op.allow_spinning";
                    private static readonly InferenceSession s_off = Off();
                    private static readonly InferenceSession s_on = On();
                    private static readonly InferenceSession s_single = new("m.onnx", new SessionOptions { IntraOpNumThreads = 1 });
                    private static readonly InferenceSession s_global = Global();
                    private readonly InferenceSession _configured;

                    public ScoreController(SessionOptions configured) => _configured = new InferenceSession("m.onnx", configured);

                    private static InferenceSession Off()
                    {
                        using var options = new SessionOptions();
                        options.AddSessionConfigEntry(SpinKey, "0");
                        return s_off ?? new InferenceSession("m.onnx", options);
                    }

                    private static InferenceSession On()
                    {
                        var options = new SessionOptions();
                        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "1");
                        return new InferenceSession("m.onnx", options);
                    }

                    private static InferenceSession Global()
                    {
                        var options = new SessionOptions();
                        options.DisablePerSessionThreads();
                        return new InferenceSession("m.onnx", options);
                    }

                    public int Score(float[] input)
                    {
                        using var value = OrtValue.CreateTensorValueFromMemory(input, new long[] { 1, input.Length });
                        using var a = s_off.Run(new RunOptions(), new[] { "x" }, new[] { value }, new[] { "y" });
                        using var b = s_on.Run(new RunOptions(), new[] { "x" }, new[] { value }, new[] { "y" });
                        using var c = s_single.Run(new RunOptions(), new[] { "x" }, new[] { value }, new[] { "y" });
                        using var d = s_global.Run(new RunOptions(), new[] { "x" }, new[] { value }, new[] { "y" });
                        using var e = _configured.Run(new RunOptions(), new[] { "x" }, new[] { value }, new[] { "y" });
                        return a.Count + b.Count + c.Count + d.Count + e.Count;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Batch_job_and_back_to_back_hosted_loop_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;
                using Microsoft.ML.OnnxRuntime;

                public sealed class Reindexer
                {
                    private readonly InferenceSession _session = new InferenceSession("models/encoder.onnx");

                    public void ReindexAll(IEnumerable<float[]> documents)
                    {
                        foreach (var document in documents)
                        {
                            using var value = OrtValue.CreateTensorValueFromMemory(document, new long[] { 1, document.Length });
                            using var outputs = _session.Run(new RunOptions(), new[] { "x" }, new[] { value }, new[] { "y" });
                        }
                    }
                }

                public sealed class NightlyJob(List<float[]> documents) : BackgroundService
                {
                    private readonly InferenceSession _session = new InferenceSession("models/encoder.onnx");

                    protected override Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        foreach (var document in documents)
                        {
                            using var value = OrtValue.CreateTensorValueFromMemory(document, new long[] { 1, document.Length });
                            using var outputs = _session.Run(new RunOptions(), new[] { "x" }, new[] { value }, new[] { "y" });
                        }

                        return Task.CompletedTask;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Session_created_per_request_is_left_to_EK1001()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.ML.OnnxRuntime;

                public sealed class ScoreController : ControllerBase
                {
                    public int Score(float[] input)
                    {
                        using var session = new InferenceSession("m.onnx");
                        using var value = OrtValue.CreateTensorValueFromMemory(input, new long[] { 1, input.Length });
                        using var outputs = session.Run(new RunOptions(), new[] { "x" }, new[] { value }, new[] { "y" });
                        return outputs.Count;
                    }
                }
                """)
            .ValidateAsync();
}
