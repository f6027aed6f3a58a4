using System.Text.Json;
using EfficiencyKit.EndToEnd.Tests.Infrastructure;
using EfficiencyKit.Onnx.Model;
using EfficiencyKit.Onnx.Tests;

namespace EfficiencyKit.EndToEnd.Tests;

/// <summary>'dotnet-energy inspect' and 'quantize' as a user runs them.</summary>
public sealed class ModelCommandsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ek-model-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Inspect_json_gives_the_hand_counted_figures_for_the_batch_and_dimensions_asked()
    {
        var model = Write("attention.onnx", TestModels.AttentionBlock());

        var result = await ToolAsync("inspect", model, "--batch", "2", "--dim", "sequence=10", "--format", "json", "--profile", "avx512-server");

        Assert.True(result.Succeeded, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("efficiencykit.model-inspection/v2", root.GetProperty("schema").GetString());
        Assert.Equal(16_385, root.GetProperty("parameters").GetInt64());
        var cost = root.GetProperty("cost");
        Assert.Equal((32_768 * 2 * 10) + (276 * 2 * 100), cost.GetProperty("operations").GetInt64());
        Assert.True(cost.GetProperty("complete").GetBoolean());
        var energy = root.GetProperty("energy");
        Assert.Equal("modelled", energy.GetProperty("origin").GetString());
        Assert.Equal("avx512-server", energy.GetProperty("profile").GetString());
        Assert.True(energy.GetProperty("joules").GetDouble() > 0);
    }

    [Fact]
    public async Task Inspect_table_says_the_energy_is_modelled_and_which_symbolic_dimension_is_missing()
    {
        var model = Write("attention.onnx", TestModels.AttentionBlock());

        var result = await ToolAsync("inspect", model);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains("input  x: FLOAT[batch,sequence,64]", result.Output, StringComparison.Ordinal);
        Assert.Contains("modelled, not measured", result.Output, StringComparison.Ordinal);
        Assert.Contains("--dim sequence=N", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quantize_writes_the_int8_sibling_and_leaves_the_model_alone()
    {
        var model = Write("mlp.onnx", TestModels.Mlp());
        var before = File.ReadAllBytes(model);

        var result = await ToolAsync("quantize", model, "--to", "int8", "--reduce-range");

        Assert.True(result.Succeeded, result.ToString());
        var sibling = Path.Combine(_directory, "mlp.int8.onnx");
        Assert.True(File.Exists(sibling));
        Assert.Contains("2 node(s) rewritten, 0 skipped, 2 tensor(s) converted", result.Output, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(model));
        Assert.True(new FileInfo(sibling).Length < 0.3 * before.Length);
    }

    [Fact]
    public async Task Quantize_to_int4_writes_matmulnbits_with_the_settings_asked_and_refuses_unsupported_ones()
    {
        var model = Write("mlp.onnx", TestModels.Mlp());
        var before = File.ReadAllBytes(model);

        var result = await ToolAsync("quantize", model, "--to", "int4", "--block-size", "128", "--asymmetric", "--accuracy-level", "0");
        var badBlock = await ToolAsync("quantize", model, "--to", "int4", "--block-size", "48");
        var badLevel = await ToolAsync("quantize", model, "--to", "int4", "--accuracy-level", "7");

        Assert.True(result.Succeeded, result.ToString());
        var sibling = Path.Combine(_directory, "mlp.int4.onnx");
        Assert.Contains("(int4): ", result.Output, StringComparison.Ordinal);
        Assert.Contains("2 node(s) rewritten, 0 skipped, 2 tensor(s) converted", result.Output, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(model));
        Assert.InRange(new FileInfo(sibling).Length, 0.1 * before.Length, 0.16 * before.Length);
        var nodes = OnnxModelReader.Read(sibling).Graph.Nodes.Where(n => n.OpType == "MatMulNBits").ToList();
        Assert.Equal(2, nodes.Count);
        Assert.All(nodes, n => Assert.Equal(("com.microsoft", 128L, 0L, 4), (n.Domain, n.GetInt("block_size", 0), n.GetInt("accuracy_level", -1), n.Inputs.Count)));
        Assert.Equal(2, badBlock.ExitCode);
        Assert.Contains("--block-size", badBlock.Output, StringComparison.Ordinal);
        Assert.Equal(2, badLevel.ExitCode);
        Assert.Contains("--accuracy-level must be 0 to 4.", badLevel.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_gives_one_error_line_on_stderr_and_the_exit_code_of_its_kind()
    {
        var model = Write("mlp.onnx", TestModels.Mlp(inputs: 8, hidden: 8, outputs: 8));
        var truncated = Path.Combine(_directory, "truncated.onnx");
        File.WriteAllBytes(truncated, File.ReadAllBytes(model).Take(200).ToArray());
        var pipe = Path.Combine(_directory, "pipe.onnx");
        Assert.Equal(0, MakeFifo(pipe, Convert.ToInt32("600", 8)));

        var corrupt = await ToolAsync("inspect", truncated, "-f", "json");
        var missing = await ToolAsync("inspect", Path.Combine(_directory, "missing.onnx"));
        var overwrite = await ToolAsync("quantize", model, "--to", "fp16", "-o", model);
        var badDim = await ToolAsync("inspect", model, "--dim", "sequence");
        var badBatch = await ToolAsync("inspect", model, "--batch", "1e20");
        var folder = await ToolAsync("inspect", _directory);
        var namedPipe = await ToolAsync("inspect", pipe);
        var device = await ToolAsync("inspect", "/dev/urandom");
        var unwritable = await ToolAsync("quantize", model, "--to", "int8", "-o", "/proc/version");

        // Exit codes (docs/profiler.md): 2 usage error, 3 input/output error.
        foreach (var (result, exitCode, message) in new[]
                 {
                     (corrupt, 3, $"error: {truncated}: not a valid ONNX model at byte offset"),
                     (missing, 3, "missing.onnx"),
                     (overwrite, 2, "must go to a new file"),
                     (badDim, 2, "--dim 'sequence' is not name=value"),
                     (badBatch, 2, "Cannot parse argument '1e20' for option '--batch'"),
                     (folder, 3, "is a folder, not an ONNX model file"),
                     (namedPipe, 3, "not a regular file (a named pipe or a device)"),
                     (device, 3, "not a regular file (a named pipe or a device)"),
                     (unwritable, 3, "Cannot write the model to '/proc/version': cannot create a file in '/proc'"),
                 })
        {
            Assert.True(result.ExitCode == exitCode, $"expected exit code {exitCode}: {result}");
            Assert.Contains(message, result.Output, StringComparison.Ordinal);
        }

        Assert.Equal(string.Empty, corrupt.StandardOutput);
        var all = new[] { corrupt, missing, overwrite, badDim, badBatch, folder, namedPipe, device, unwritable };
        Assert.DoesNotContain(all, result => result.Output.Contains("Unhandled exception", StringComparison.Ordinal));
        Assert.DoesNotContain(all, result => result.StandardOutput.Contains("error:", StringComparison.Ordinal));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo(string path, int mode);

    private string Write(string name, OnnxModel model)
    {
        var path = Path.Combine(_directory, name);
        OnnxModelWriter.Write(model, path);
        return path;
    }

    private Task<BuildResult> ToolAsync(params string[] arguments) => DotNetCli.RunAsync(_directory, [PackagedArtifacts.ToolPath, .. arguments]);
}
