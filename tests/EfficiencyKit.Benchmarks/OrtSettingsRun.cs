using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using EfficiencyKit.Onnx.Model;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// The figures behind the ONNX Runtime settings rules, on real ONNX Runtime and a generated 256→1024→256 MLP:
/// EK1206, process CPU time burned per idle second between runs of a request/response loop (Run, then sleep
/// 5/20/50 ms) with intra-op spinning on (ORT's default) vs off; EK1207, time and CPU per run with intra-op thread
/// counts at and above the cores available; EK1208, time and managed allocation per run when every Run allocates
/// its outputs vs reused output buffers and IOBinding. Usage: ort-settings [rounds = 3] [idle ms per config = 2000]
/// </summary>
internal static class OrtSettingsRun
{
    private const int Width = SampleMlp.Width;

    public static void Run(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        var idleMilliseconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
        var directory = Directory.CreateTempSubdirectory("ek-ort-settings-").FullName;
        try
        {
            var model = Path.Combine(directory, "mlp.onnx");
            OnnxModelWriter.Write(SampleMlp.Build(), model);
            var version = typeof(InferenceSession).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];
            Console.WriteLine($"ONNX Runtime {version}, {HostCpu.ModelName() ?? "unknown CPU"}, {Environment.ProcessorCount} logical CPUs, {rounds} rounds, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
            Console.WriteLine($"execution providers ONNX Runtime lists on this machine: {string.Join(", ", OrtEnv.Instance().GetEpDevices().Select(d => $"{d.EpName} ({d.HardwareDevice.Type})"))}");
            Console.WriteLine();
            Spinning(model, rounds, idleMilliseconds);
            ThreadCounts(model, rounds);
            OutputBuffers(model, rounds);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // EK1206: a request/response loop; CPU seconds over idle seconds, spinning on minus spinning off, paired per round.
    private static void Spinning(string model, int rounds, int idleMilliseconds)
    {
        Console.WriteLine($"EK1206: Run (batch 1) then Thread.Sleep(gap), {idleMilliseconds} ms of sleep per configuration; process CPU time (Process.TotalProcessorTime) per second of sleep:");
        Console.WriteLine("| intra-op threads | gap | CPU s per idle s, spinning on | spinning off | burned by spinning (on − off) per idle s, median (min–max) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var threads in new[] { 0, Environment.ProcessorCount })
        {
            foreach (var gap in new[] { 5, 20, 50 })
            {
                var on = new List<double>();
                var off = new List<double>();
                for (var round = 0; round < rounds; round++)
                {
                    on.Add(CpuPerIdleSecond(model, threads, spinning: true, gap, idleMilliseconds));
                    off.Add(CpuPerIdleSecond(model, threads, spinning: false, gap, idleMilliseconds));
                }

                var burned = on.Zip(off, (a, b) => a - b).ToList();
                Console.WriteLine(FormattableString.Invariant($"| {(threads == 0 ? "default (0)" : threads.ToString(CultureInfo.InvariantCulture))} | {gap} ms | {Median(on):F3} | {Median(off):F3} | {Median(burned):F3} ({burned.Min():F3}–{burned.Max():F3}) |"));
            }
        }

        Console.WriteLine();
    }

    private static double CpuPerIdleSecond(string model, int threads, bool spinning, int gap, int idleMilliseconds)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads };
        if (!spinning)
        {
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        }

        using var session = new InferenceSession(model, options);
        using var input = OrtValue.CreateTensorValueFromMemory(Input(1), [1, Width]);
        using var runOptions = new RunOptions();
        for (var i = 0; i < 20; i++)
        {
            using var warm = session.Run(runOptions, ["x"], [input], ["y"]);
        }

        var iterations = Math.Max(20, idleMilliseconds / gap);
        var idle = TimeSpan.Zero;
        var before = ProcessCpu();
        for (var i = 0; i < iterations; i++)
        {
            using (session.Run(runOptions, ["x"], [input], ["y"]))
            {
            }

            var sleep = Stopwatch.StartNew();
            Thread.Sleep(gap);
            idle += sleep.Elapsed;
        }

        return (ProcessCpu() - before).TotalSeconds / idle.TotalSeconds;
    }

    // EK1207: back-to-back runs at batch 64 with intra-op thread counts at and above the logical CPUs (spinning left at its default).
    private static void ThreadCounts(string model, int rounds)
    {
        const int Runs = 300;
        var counts = new[] { 0, 1, Environment.ProcessorCount, 2 * Environment.ProcessorCount, 4 * Environment.ProcessorCount, 64 };
        Console.WriteLine($"EK1207: {Runs} back-to-back runs at batch 64 per round, spinning at ORT's default; wall and process CPU per run, median of {rounds} rounds (min–max):");
        Console.WriteLine("| IntraOpNumThreads | wall per run | CPU per run |");
        Console.WriteLine("|---|---:|---:|");
        using var input = OrtValue.CreateTensorValueFromMemory(Input(64), [64, Width]);
        using var runOptions = new RunOptions();
        var results = counts.ToDictionary(c => c, _ => (Wall: new List<double>(), Cpu: new List<double>()));
        for (var round = 0; round < rounds; round++)
        {
            foreach (var threads in counts)
            {
                using var options = new SessionOptions { IntraOpNumThreads = threads };
                using var session = new InferenceSession(model, options);
                for (var i = 0; i < 20; i++)
                {
                    using var warm = session.Run(runOptions, ["x"], [input], ["y"]);
                }

                var cpu = ProcessCpu();
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < Runs; i++)
                {
                    using var outputs = session.Run(runOptions, ["x"], [input], ["y"]);
                }

                results[threads].Wall.Add(watch.Elapsed.TotalMilliseconds / Runs);
                results[threads].Cpu.Add((ProcessCpu() - cpu).TotalMilliseconds / Runs);
            }
        }

        foreach (var threads in counts)
        {
            var (wall, cpu) = results[threads];
            Console.WriteLine(FormattableString.Invariant($"| {(threads == 0 ? "default (0)" : threads.ToString(CultureInfo.InvariantCulture))} | {Median(wall):F3} ms ({wall.Min():F3}–{wall.Max():F3}) | {Median(cpu):F3} ms ({cpu.Min():F3}–{cpu.Max():F3}) |"));
        }

        Console.WriteLine();
    }

    // EK1208: batch-1 runs back to back, outputs allocated per call vs reused buffers and IOBinding (intra_op 1, spinning off).
    private static void OutputBuffers(string model, int rounds)
    {
        const int Runs = 3000;
        Console.WriteLine($"EK1208: {Runs} back-to-back batch-1 runs per round (intra_op 1); wall time and managed bytes allocated per run, median of {rounds} rounds (min–max):");
        Console.WriteLine("| variant | wall per run | managed bytes per run |");
        Console.WriteLine("|---|---:|---:|");
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        using var session = new InferenceSession(model, options);
        using var runOptions = new RunOptions();
        var data = Input(1);
        long[] shape = [1, Width];
        using var input = OrtValue.CreateTensorValueFromMemory(data, shape);
        var outputData = new float[Width];
        using var output = OrtValue.CreateTensorValueFromMemory(outputData, shape);
        using var binding = session.CreateIoBinding();
        binding.BindInput("x", input);
        binding.BindOutput("y", output);
        var variants = new (string Name, Action Run)[]
        {
            ("NamedOnnxValue + DenseTensor per call, outputs allocated", () =>
            {
                var tensor = new DenseTensor<float>(data, [1, Width]);
                using var results = session.Run([NamedOnnxValue.CreateFromTensor("x", tensor)]);
            }),
            ("OrtValue input per call, outputs allocated", () =>
            {
                using var value = OrtValue.CreateTensorValueFromMemory(data, shape);
                using var results = session.Run(runOptions, ["x"], [value], ["y"]);
            }),
            ("OrtValue input reused, outputs allocated", () =>
            {
                using var results = session.Run(runOptions, ["x"], [input], ["y"]);
            }),
            ("input and output OrtValues reused (Run with outputs)", () => session.Run(runOptions, ["x"], [input], ["y"], [output])),
            ("OrtIoBinding bound once (RunWithBinding)", () => session.RunWithBinding(runOptions, binding)),
        };
        var results = variants.ToDictionary(v => v.Name, _ => (Wall: new List<double>(), Bytes: new List<double>()));
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, run) in variants)
            {
                for (var i = 0; i < 200; i++)
                {
                    run();
                }

                var bytes = GC.GetAllocatedBytesForCurrentThread();
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < Runs; i++)
                {
                    run();
                }

                results[name].Wall.Add(watch.Elapsed.TotalMicroseconds / Runs);
                results[name].Bytes.Add((GC.GetAllocatedBytesForCurrentThread() - bytes) / (double)Runs);
            }
        }

        foreach (var (name, _) in variants)
        {
            var (wall, bytes) = results[name];
            Console.WriteLine(FormattableString.Invariant($"| {name} | {Median(wall):F1} µs ({wall.Min():F1}–{wall.Max():F1}) | {Median(bytes):F0} ({bytes.Min():F0}–{bytes.Max():F0}) |"));
        }

        Console.WriteLine();
    }

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }

    private static float[] Input(int batch) => [.. Enumerable.Range(0, batch * Width).Select(i => (float)Math.Sin(i))];
}
