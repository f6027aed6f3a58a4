using EfficiencyKit.Profiler.Collection;
using EfficiencyKit.Tests.Shared;

namespace EfficiencyKit.Profiler.Tests;

/// <summary>
/// An attached target's sampling interval comes from the environment it was started with, as its runtime read it:
/// hexadecimal milliseconds, the DOTNET_ name before the COMPlus_ one, 1 ms when unset or unusable.
/// </summary>
public sealed class TargetSamplingIntervalTests() : TemporaryDirectoryTest("ek-sampling-rate-")
{
    private const int ProcessId = 4242;

    [Theory]
    [InlineData("PATH=/usr/bin\0DOTNET_EventPipeThreadSamplingRate=A\0HOME=/root\0", 10)]
    [InlineData("DOTNET_EventPipeThreadSamplingRate=0x14\0", 20)]
    [InlineData("COMPlus_EventPipeThreadSamplingRate=5\0", 5)]
    [InlineData("COMPlus_EventPipeThreadSamplingRate=5\0DOTNET_EventPipeThreadSamplingRate=10\0", 16)]
    [InlineData("PATH=/usr/bin\0HOME=/root\0", 1)]
    [InlineData("DOTNET_EventPipeThreadSamplingRate=ten\0", 1)]
    [InlineData("DOTNET_EventPipeThreadSamplingRate=0\0", 1)]
    [InlineData("XDOTNET_EventPipeThreadSamplingRate=A\0", 1)]
    public void The_interval_is_read_from_the_targets_environment(string environ, double expectedMilliseconds)
    {
        Directory.CreateDirectory(Path.Combine(TestDirectory, ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        File.WriteAllText(Path.Combine(TestDirectory, "4242", "environ"), environ);

        Assert.Equal(expectedMilliseconds, TargetSamplingInterval.OfProcess(TestDirectory, ProcessId));
    }

    [Fact]
    public void A_process_whose_environment_cannot_be_read_keeps_the_runtimes_default()
        => Assert.Equal(TargetSamplingInterval.RuntimeDefaultMilliseconds, TargetSamplingInterval.OfProcess(TestDirectory, ProcessId));

    [Fact]
    public void The_value_written_for_a_launch_reads_back_as_its_interval()
        => Assert.Equal(250, TargetSamplingInterval.Parse(TargetSamplingInterval.Format(250)));
}
