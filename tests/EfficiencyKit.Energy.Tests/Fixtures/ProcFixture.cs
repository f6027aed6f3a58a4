namespace EfficiencyKit.Energy.Tests.Fixtures;

/// <summary>A <c>/proc</c> with <c>stat</c> and <c>meminfo</c> in the kernel's formats.</summary>
internal sealed class ProcFixture : IDisposable
{
    public ProcFixture(int cpus, ulong memTotalKilobytes)
    {
        Directory.CreateDirectory(Root);
        Cpus = cpus;
        File.WriteAllText(Path.Combine(Root, "meminfo"), $"MemTotal:       {memTotalKilobytes} kB\nMemFree:         1024 kB\nMemAvailable:    2048 kB\n");
        SetTicks(user: 1000, nice: 0, system: 500, idle: 100000, iowait: 30, irq: 0, softirq: 20, steal: 0);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "ek-proc-" + Guid.NewGuid().ToString("N")[..8]);

    public int Cpus { get; }

    /// <summary>Writes the aggregate line and one line per CPU (the per-CPU values only need to exist).</summary>
    public void SetTicks(ulong user, ulong nice, ulong system, ulong idle, ulong iowait, ulong irq, ulong softirq, ulong steal)
    {
        var text = $"cpu  {user} {nice} {system} {idle} {iowait} {irq} {softirq} {steal} 0 0\n";
        for (var i = 0; i < Cpus; i++)
        {
            text += $"cpu{i} {user / (ulong)Cpus} {nice} {system / (ulong)Cpus} {idle / (ulong)Cpus} 0 0 0 0 0 0\n";
        }

        text += "intr 12345 0 0\nctxt 99999\nbtime 1700000000\nprocesses 4242\nprocs_running 1\nprocs_blocked 0\n";
        File.WriteAllText(Path.Combine(Root, "stat"), text);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
