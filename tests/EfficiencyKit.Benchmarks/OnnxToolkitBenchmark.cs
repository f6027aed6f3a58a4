using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using EfficiencyKit.Onnx.Inspection;
using EfficiencyKit.Onnx.Model;
using EfficiencyKit.Onnx.Quantization;
using Microsoft.ML.OnnxRuntime;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// The ONNX toolkit's measured harness: inspection throughput and peak memory on a generated model of
/// ≥ 500 MB of weights vs a 2 MB one (each in a fresh process, file in the page cache), int8 quantization
/// throughput, and ONNX Runtime timings of the sample-sized MLP in fp32 vs int8 at batch 1 and 64.
/// Usage: onnx-toolkit [weight MiB = 512] [ORT runs = 300]
/// </summary>
internal static class OnnxToolkitBenchmark
{
    private const int Width = 4096;

    public static void Run(string[] args)
    {
        var megabytes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 512;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;
        var directory = Directory.CreateTempSubdirectory("ek-onnx-bench-").FullName;
        try
        {
            Console.WriteLine($"{Environment.ProcessorCount} vCPU, {RuntimeDescription()}");
            var small = Path.Combine(directory, "mlp.onnx");
            OnnxModelWriter.Write(SampleMlp.Build(), small);
            var large = Path.Combine(directory, "large.onnx");
            var watch = Stopwatch.StartNew();
            OnnxModelWriter.Write(LargeModel(megabytes), large);
            Console.WriteLine($"generated {large}: {new FileInfo(large).Length / 1048576.0:F0} MiB in {watch.Elapsed.TotalSeconds:F1} s (weights streamed, never held in memory)");
            WarmPageCache(large);

            Console.WriteLine();
            Console.WriteLine("| model | file | inspection (median of 5) | throughput | peak RSS of the process |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var path in new[] { small, large })
            {
                var (seconds, peak) = Child("inspect", path);
                Console.WriteLine(FormattableString.Invariant($"| {Path.GetFileName(path)} | {new FileInfo(path).Length / 1048576.0:F1} MiB | {seconds * 1e3:F2} ms | {new FileInfo(path).Length / seconds / 1e9:F1} GB/s | {peak / 1048576.0:F0} MiB |"));
            }

            var (quantizeSeconds, quantizePeak) = Child("quantize", large);
            Console.WriteLine();
            Console.WriteLine(FormattableString.Invariant($"int8 quantization of {new FileInfo(large).Length / 1048576.0:F0} MiB: {quantizeSeconds:F1} s ({new FileInfo(large).Length / quantizeSeconds / 1e6:F0} MB/s), peak RSS {quantizePeak / 1048576.0:F0} MiB"));
            var (int4Seconds, int4Peak) = Child("quantize-int4", large);
            Console.WriteLine(FormattableString.Invariant($"int4 quantization (block 32) of {new FileInfo(large).Length / 1048576.0:F0} MiB: {int4Seconds:F1} s ({new FileInfo(large).Length / int4Seconds / 1e6:F0} MB/s), peak RSS {int4Peak / 1048576.0:F0} MiB, output {new FileInfo(large + ".int4.onnx").Length / 1048576.0:F0} MiB"));

            Console.WriteLine();
            OrtTimings(small, directory, runs);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The child side: one operation in a fresh process, reporting median seconds and peak RSS (VmHWM).</summary>
    public static void RunChild(string[] args)
    {
        var (operation, path) = (args[0], args[1]);
        var times = new List<double>();
        for (var i = 0; i < (operation == "inspect" ? 5 : 1); i++)
        {
            var watch = Stopwatch.StartNew();
            if (operation == "inspect")
            {
                ModelInspector.Inspect(path, new InspectionOptions { BatchSize = 1 });
            }
            else if (operation == "quantize-int4")
            {
                ModelQuantizer.Quantize(path, path + ".int4.onnx", new QuantizationOptions { Target = QuantizationTarget.Int4 });
            }
            else
            {
                ModelQuantizer.Quantize(path, path + ".int8.onnx", new QuantizationOptions { ReduceRange = true });
            }

            times.Add(watch.Elapsed.TotalSeconds);
        }

        times.Sort();
        var peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kilobytes = long.Parse(peak.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        Console.WriteLine(FormattableString.Invariant($"{times[times.Count / 2]} {kilobytes * 1024}"));
    }

    private static (double Seconds, long PeakBytes) Child(string operation, string path)
    {
        var self = Assembly.GetExecutingAssembly().Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, ArgumentList = { self, "onnx-toolkit-child", operation, path } };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd().Trim().Split('\n').Last().Split(' ');
        process.WaitForExit();
        return (double.Parse(output[0], CultureInfo.InvariantCulture), long.Parse(output[1], CultureInfo.InvariantCulture));
    }

    // A chain of 4096×4096 MatMul + Relu layers: 64 MiB of fp32 weights each.
    private static OnnxModel LargeModel(int megabytes)
    {
        var layers = Math.Max(1, megabytes / 64);
        var builder = new OnnxGraphBuilder("large").Input("x0", OnnxDataType.Float, "batch", Width);
        for (var i = 0; i < layers; i++)
        {
            var weight = new OnnxTensor { Name = $"W{i}", DataType = OnnxDataType.Float, RawData = new GeneratedByteSource((long)Width * Width, i) };
            weight.Dims.AddRange([Width, Width]);
            builder.Initializer(weight)
                .Node("MatMul", [$"x{i}", $"W{i}"], [$"h{i}"])
                .Node("Relu", [$"h{i}"], [$"x{i + 1}"]);
        }

        return builder.Output($"x{layers}", OnnxDataType.Float, "batch", Width).Build();
    }

    private static void WarmPageCache(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[1 << 20];
        while (stream.Read(buffer, 0, buffer.Length) > 0)
        {
        }
    }

    private static void OrtTimings(string fp32Path, string directory, int runs)
    {
        var int8Path = Path.Combine(directory, "mlp.int8.onnx");
        var int8Full = Path.Combine(directory, "mlp.int8-full.onnx");
        ModelQuantizer.Quantize(fp32Path, int8Path, new QuantizationOptions { ReduceRange = true });
        ModelQuantizer.Quantize(fp32Path, int8Full, new QuantizationOptions());
        var models = new[]
        {
            ("fp32", fp32Path, GraphOptimizationLevel.ORT_ENABLE_ALL),
            ("fp32, graph optimizations off (EK1203)", fp32Path, GraphOptimizationLevel.ORT_DISABLE_ALL),
            ("int8 (7-bit weights)", int8Path, GraphOptimizationLevel.ORT_ENABLE_ALL),
            ("int8 (8-bit weights)", int8Full, GraphOptimizationLevel.ORT_ENABLE_ALL),
        };
        var version = typeof(InferenceSession).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];
        using var one = OrtValue.CreateTensorValueFromMemory(Enumerable.Range(0, 256).Select(i => (float)Math.Sin(i)).ToArray(), [1, 256]);
        using var batch = OrtValue.CreateTensorValueFromMemory(Enumerable.Range(0, 64 * 256).Select(i => (float)Math.Sin(i)).ToArray(), [64, 256]);
        using var runOptions = new RunOptions();
        foreach (var threads in new[] { 1, 2 })
        {
            Console.WriteLine($"ONNX Runtime {version} (Microsoft.ML.OnnxRuntime), intra_op {threads}, spinning off, graph optimisation all unless noted; median of {runs} runs (min–max) after 50 warm-up runs, variants interleaved:");
            Console.WriteLine("| model | 1 call, batch 1 | 64 calls, batch 1 | 1 call, batch 64 |");
            Console.WriteLine("|---|---:|---:|---:|");
            var sessions = models.Select(m =>
            {
                using var options = new SessionOptions { IntraOpNumThreads = threads, GraphOptimizationLevel = m.Item3 };
                options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
                return (m.Item1, Session: new InferenceSession(m.Item2, options));
            }).ToList();
            var timings = sessions.ToDictionary(s => s.Item1, _ => (Single: new List<double>(), Loop: new List<double>(), Batch: new List<double>()));
            for (var run = -50; run < runs; run++)
            {
                foreach (var (name, session) in sessions)
                {
                    void Run(OrtValue input)
                    {
                        using var outputs = session.Run(runOptions, ["x"], [input], ["y"]);
                    }

                    var single = Time(() => Run(one));
                    var loop = Time(() =>
                    {
                        for (var i = 0; i < 64; i++)
                        {
                            Run(one);
                        }
                    });
                    var batched = Time(() => Run(batch));
                    if (run >= 0)
                    {
                        timings[name].Single.Add(single);
                        timings[name].Loop.Add(loop);
                        timings[name].Batch.Add(batched);
                    }
                }
            }

            foreach (var (name, session) in sessions)
            {
                var t = timings[name];
                Console.WriteLine($"| {name} | {Stats(t.Single)} | {Stats(t.Loop)} | {Stats(t.Batch)} |");
                session.Dispose();
            }

            Console.WriteLine();
        }
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static string Stats(List<double> values)
    {
        values.Sort();
        return FormattableString.Invariant($"{values[values.Count / 2]:F3} ms ({values[0]:F3}–{values[^1]:F3})");
    }

    private static string RuntimeDescription()
    {
        return $"{HostCpu.ModelName() ?? "unknown CPU"}, VNNI {(CpuFeatures.Int8MayOverflowWithoutVnni() ? "no" : "yes or not x86")}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}";
    }
}
