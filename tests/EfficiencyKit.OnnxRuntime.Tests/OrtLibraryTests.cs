using System;
using System.IO;
using EfficiencyKit.OnnxRuntime.Tests.Infrastructure;

namespace EfficiencyKit.OnnxRuntime.Tests;

public sealed class OrtLibraryTests
{
    [OrtFact]
    public void Loads_onnx_runtime_1_30_0_and_reports_its_version()
    {
        OrtTestEnvironment.EnsureLoaded();

        Assert.True(OrtLibrary.IsLoaded);
        Assert.Equal("1.30.0", OrtLibrary.VersionString);
        Assert.Equal(Path.GetFullPath(OrtTestEnvironment.LibraryPath), OrtLibrary.LoadedPath);
    }

    [OrtFact]
    public void Loading_the_same_library_again_is_a_no_op_and_TryLoadDefault_then_succeeds()
    {
        OrtTestEnvironment.EnsureLoaded();
        OrtLibrary.Load(OrtTestEnvironment.LibraryPath);

        Assert.True(OrtLibrary.TryLoadDefault(out var reason));
        Assert.Equal(string.Empty, reason);
    }

    [OrtFact]
    public void Loading_a_second_library_path_is_refused()
    {
        OrtTestEnvironment.EnsureLoaded();
        var other = Path.GetTempFileName();
        try
        {
            var exception = Assert.Throws<InvalidOperationException>(() => OrtLibrary.Load(other));
            Assert.Contains("already loaded", exception.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(other);
        }
    }

    [Fact]
    public void Loading_a_missing_file_names_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-dir", "libonnxruntime.so.1");

        var exception = Assert.Throws<FileNotFoundException>(() => OrtLibrary.Load(missing));

        Assert.Equal(missing, exception.FileName);
        Assert.Contains("fetch-onnxruntime.sh", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_native_library_cannot_be_opened()
    {
        var garbage = Path.GetTempFileName();
        try
        {
            File.WriteAllText(garbage, "not an ELF file");

            var exception = Assert.Throws<DllNotFoundException>(() => OrtLibrary.Open(garbage));

            Assert.Contains("not a native library", exception.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(garbage);
        }
    }

    [OrtFact]
    public void A_native_library_that_is_not_onnx_runtime_is_rejected()
    {
        // libm is on every glibc system; dlopen finds it by name.
        var exception = Assert.Throws<EntryPointNotFoundException>(() => OrtLibrary.Open("libm.so.6"));

        Assert.Contains("OrtGetApiBase", exception.Message, StringComparison.Ordinal);
    }
}
