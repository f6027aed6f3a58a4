using System;
using System.Diagnostics;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>The orphan watchdog beside a launched target (see Collector): disposing it ends it.</summary>
internal sealed class WatchdogProcess(Process process) : IDisposable
{
    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // It ended between the check and the kill.
        }

        process.Dispose();
    }
}
