namespace EfficiencyKit.OnnxRuntime;

/// <summary>ORT's <c>OrtLoggingLevel</c>: the least severe message ORT's default logger writes to stderr.</summary>
public enum OrtLoggingLevel
{
    /// <summary>Everything, including verbose diagnostics.</summary>
    Verbose = 0,

    /// <summary>Informational messages and above.</summary>
    Info = 1,

    /// <summary>Warnings and above (ORT's usual default).</summary>
    Warning = 2,

    /// <summary>Errors and above.</summary>
    Error = 3,

    /// <summary>Fatal errors only.</summary>
    Fatal = 4,
}
