using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EfficiencyKit.OnnxRuntime.Tests.Infrastructure;

namespace EfficiencyKit.OnnxRuntime.Tests;

public sealed class ConcurrencyTests
{
    // Options and environments load ORT on their own only from the default places; the tests use the fetched library.
    public ConcurrencyTests() => OrtTestEnvironment.EnsureLoaded();

    [OrtFact]
    public async Task A_session_with_two_intra_op_threads_runs_from_two_threads_at_once()
    {
        const int N = 64;
        using var options = new OrtSessionOptions();
        options.SetIntraOpThreads(2);
        // Spinning workers of a 2-thread pool fight the two callers for the CPU on small CI machines.
        options.SetAllowSpinning(false);
        using var session = OrtSession.FromBytes(OrtTestEnvironment.Environment, TinyModels.DynamicMatMul, options);
        var inputs = Enumerable.Range(0, 2).Select(caller => (A: Reference.Values(N * N, seed: 10 + caller), B: Reference.Values(N * N, seed: 20 + caller))).ToArray();
        var expected = inputs.Select(input => Reference.MatMul(input.A, input.B, N, N, N)).ToArray();
        using var start = new Barrier(2);

        var callers = Enumerable.Range(0, 2).Select(caller => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var run = 0; run < 100; run++)
                {
                    var c = Assert.Single(session.Run([OrtTensor.Create("a", inputs[caller].A, N, N), OrtTensor.Create("b", inputs[caller].B, N, N)]));
                    Reference.AssertClose(expected[caller], c.FloatData, tolerance: 1e-4f);
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();

        await Task.WhenAll(callers);
    }
}
