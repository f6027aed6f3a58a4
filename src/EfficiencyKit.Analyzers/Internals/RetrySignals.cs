namespace EfficiencyKit.Analyzers.Internals;

/// <summary>What a loop's body shows of retrying or polling a call in it (<see cref="RetryLoop.Signals"/>).</summary>
[Flags]
internal enum RetrySignals
{
    None = 0,

    /// <summary>The body leaves the loop (<c>return</c> or <c>break</c>), as on success.</summary>
    Leaves = 1,

    /// <summary>The call sits in a <c>try</c>.</summary>
    TriesCall = 2,

    /// <summary>The call sits in a <c>try</c> with a <c>catch</c>.</summary>
    CatchesCall = 4,

    /// <summary>The body waits (<c>Task.Delay</c>, <c>Thread.Sleep</c>).</summary>
    Waits = 8,
}
