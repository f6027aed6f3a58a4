using System.Runtime.InteropServices;

namespace EfficiencyKit.Profiler.Workload;

/// <summary>P/Invoke into native/spinpool.c: a persistent native worker pool, like ONNX Runtime's intra-op threads.</summary>
internal static partial class NativePool
{
    private const string Library = "spinpool";

    [LibraryImport(Library, EntryPoint = "spin_pool_start")]
    public static partial int Start(int workers);

    /// <summary>Blocks until every worker has computed for <paramref name="milliseconds"/>.</summary>
    [LibraryImport(Library, EntryPoint = "spin_pool_run")]
    public static partial void Run(int milliseconds);

    /// <summary>CPU nanoseconds all workers have used so far.</summary>
    [LibraryImport(Library, EntryPoint = "spin_pool_cpu_ns")]
    public static partial long CpuNanoseconds();
}
