using System;

namespace EfficiencyKit.OnnxRuntime;

/// <summary>
/// ONNX Runtime returned an error status. <see cref="ErrorCode"/> is ORT's code and <see cref="OrtMessage"/>
/// ORT's own message, unchanged; <see cref="Exception.Message"/> combines both.
/// </summary>
public sealed class OrtException : Exception
{
    /// <summary>Creates the exception for an ORT error status.</summary>
    /// <param name="errorCode">ORT's error code.</param>
    /// <param name="ortMessage">ORT's error message.</param>
    public OrtException(OrtErrorCode errorCode, string ortMessage)
        : base($"ONNX Runtime error {(int)errorCode} ({errorCode}): {ortMessage}")
    {
        ErrorCode = errorCode;
        OrtMessage = ortMessage;
    }

    /// <summary>ORT's error code (<c>GetErrorCode</c>).</summary>
    public OrtErrorCode ErrorCode { get; }

    /// <summary>ORT's error message (<c>GetErrorMessage</c>), unchanged.</summary>
    public string OrtMessage { get; }
}
