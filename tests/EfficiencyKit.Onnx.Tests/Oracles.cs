using System.Diagnostics;

namespace EfficiencyKit.Onnx.Tests;

/// <summary>
/// External test oracles that CI installs from Debian (python3-onnx 1.12, libonnx-testdata). Debian's
/// python3 must be used: a pyenv python3 first on PATH cannot see the Debian module.
/// </summary>
internal static class Oracles
{
    public const string TestDataDirectory = "/usr/share/libonnx-testdata/data";

    private const string SystemPython = "/usr/bin/python3";

    private static readonly Lazy<string?> s_pythonOnnxMissing = new(() =>
    {
        if (!File.Exists(SystemPython))
        {
            return $"{SystemPython} is not installed";
        }

        var (exitCode, output) = RunPython("import onnx; print(onnx.__version__)");
        return exitCode == 0 ? null : $"Debian's python3-onnx is not installed (apt-get install python3-onnx): {output.Trim()}";
    });

    /// <summary>Why the onnx checker cannot run here, or null when it can.</summary>
    public static string? PythonOnnxMissing => s_pythonOnnxMissing.Value;

    /// <summary>Why the test data is absent, or null when present.</summary>
    public static string? TestDataMissing => Directory.Exists(TestDataDirectory) ? null : $"{TestDataDirectory} is absent (apt-get install libonnx-testdata)";

    /// <summary>Runs onnx.checker.check_model(full_check=True) and strict shape inference; returns the exit code and output.</summary>
    public static (int ExitCode, string Output) CheckModel(string path)
        => RunPython(
            "import sys, onnx\n"
            + "m = onnx.load(sys.argv[1])\n"
            + "onnx.checker.check_model(m, full_check=True)\n"
            + "onnx.shape_inference.infer_shapes(m, check_type=True, strict_mode=True)\n"
            + "print('ok')\n",
            path);

    private static (int, string) RunPython(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(SystemPython) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
