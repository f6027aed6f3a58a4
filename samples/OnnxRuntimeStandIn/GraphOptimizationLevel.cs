namespace Microsoft.ML.OnnxRuntime;

/// <summary>
/// How much ONNX Runtime rewrites the graph when it creates a session. Stand-in mirroring the public shape of
/// Microsoft.ML.OnnxRuntime's enum of the same name (the package is not on our NuGet mirror); same names and
/// values, so code compiles unchanged against the real package.
/// </summary>
public enum GraphOptimizationLevel
{
    /// <summary>Run the graph as written.</summary>
    ORT_DISABLE_ALL = 0,

    /// <summary>Constant folding, redundant node elimination and semantics-preserving fusions.</summary>
    ORT_ENABLE_BASIC = 1,

    /// <summary>Also complex fusions (e.g. MatMul+Add+Relu into one FusedGemm kernel).</summary>
    ORT_ENABLE_EXTENDED = 2,

    /// <summary>Every optimization, layout ones included: ONNX Runtime's default.</summary>
    ORT_ENABLE_ALL = 99,
}
