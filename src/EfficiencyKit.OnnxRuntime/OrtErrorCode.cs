namespace EfficiencyKit.OnnxRuntime;

/// <summary>ORT's <c>OrtErrorCode</c>, as returned by <c>GetErrorCode</c>; codes newer than this list keep their number.</summary>
public enum OrtErrorCode
{
    /// <summary>ORT_OK.</summary>
    Ok = 0,

    /// <summary>ORT_FAIL: a general failure.</summary>
    Fail = 1,

    /// <summary>ORT_INVALID_ARGUMENT: e.g. an unknown input name, a wrong rank or element type.</summary>
    InvalidArgument = 2,

    /// <summary>ORT_NO_SUCHFILE: the model file does not exist.</summary>
    NoSuchFile = 3,

    /// <summary>ORT_NO_MODEL.</summary>
    NoModel = 4,

    /// <summary>ORT_ENGINE_ERROR.</summary>
    EngineError = 5,

    /// <summary>ORT_RUNTIME_EXCEPTION: an operator failed while running.</summary>
    RuntimeException = 6,

    /// <summary>ORT_INVALID_PROTOBUF: the model bytes are not an ONNX protobuf.</summary>
    InvalidProtobuf = 7,

    /// <summary>ORT_MODEL_LOADED.</summary>
    ModelLoaded = 8,

    /// <summary>ORT_NOT_IMPLEMENTED: e.g. no kernel for an operator at this opset.</summary>
    NotImplemented = 9,

    /// <summary>ORT_INVALID_GRAPH: the graph is not valid ONNX (unknown op, type mismatch, …).</summary>
    InvalidGraph = 10,

    /// <summary>ORT_EP_FAIL: an execution provider failed.</summary>
    EpFail = 11,

    /// <summary>ORT_MODEL_LOAD_CANCELED.</summary>
    ModelLoadCanceled = 12,

    /// <summary>ORT_MODEL_REQUIRES_COMPILATION.</summary>
    ModelRequiresCompilation = 13,

    /// <summary>ORT_NOT_FOUND.</summary>
    NotFound = 14,
}
