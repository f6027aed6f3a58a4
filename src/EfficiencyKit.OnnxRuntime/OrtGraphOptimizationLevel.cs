namespace EfficiencyKit.OnnxRuntime;

/// <summary>ORT's <c>GraphOptimizationLevel</c>: how much ORT rewrites the graph when it creates a session.</summary>
public enum OrtGraphOptimizationLevel
{
    /// <summary>ORT_DISABLE_ALL: run the graph as written.</summary>
    DisableAll = 0,

    /// <summary>ORT_ENABLE_BASIC: constant folding, redundant node elimination, semantics-preserving fusions.</summary>
    Basic = 1,

    /// <summary>ORT_ENABLE_EXTENDED: also complex fusions (e.g. MatMul+Add+activation into FusedGemm).</summary>
    Extended = 2,

    /// <summary>ORT_ENABLE_LAYOUT: also layout optimisations.</summary>
    Layout = 3,

    /// <summary>ORT_ENABLE_ALL: every optimisation (ORT's default).</summary>
    All = 99,
}
