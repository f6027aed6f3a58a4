using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;

namespace EfficiencyKit.Cli;

/// <summary>
/// Ctrl+C and SIGTERM stop a collection, not the process: the collection drains the rundown and still writes the
/// report, then passes the same signal on to a launched target. (System.CommandLine's own handling would force-exit
/// 2 s after Ctrl+C, before the rundown and the report.)
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<PosixSignalRegistration> _registrations = [];

    /// <summary>Cancelled when a stop is asked for.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>The Linux number of the signal that asked to stop (SIGINT 2, SIGTERM 15), to pass on to a launched target; 2 until one came.</summary>
    public int Signal { get; private set; } = 2;

    /// <summary>Handles SIGINT and SIGTERM until disposed.</summary>
    public static Interruption FromSignals()
    {
        var interruption = new Interruption();
        interruption._registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, interruption.Stop));
        interruption._registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, interruption.Stop));
        return interruption;
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
    }

    private void Stop(PosixSignalContext context)
    {
        // Keep the process alive: stop collecting, drain the rundown, still write the report.
        context.Cancel = true;
        Signal = context.Signal == PosixSignal.SIGTERM ? 15 : 2;
        _stop.Cancel();
    }
}
