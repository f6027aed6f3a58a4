namespace EfficiencyKit.OnnxRuntime.Native;

/// <summary>
/// 0-based indices of the functions this binding calls in ORT's <c>struct OrtApi</c> (onnxruntime_c_api.h,
/// ORT_API_VERSION 30), i.e. <c>offsetof(OrtApi, X) / sizeof(void*)</c>. The table only ever grows at its end,
/// so these indices hold for every API version from the one that introduced each function. Each value was
/// counted by hand in the API-30 header; the ones shared with docs/reference were also checked there.
/// </summary>
internal static class OrtSlots
{
    // OrtApiBase: { GetApi, GetVersionString }.
    public const int ApiBaseGetApi = 0;
    public const int ApiBaseGetVersionString = 1;

    public const int GetErrorCode = 1;
    public const int GetErrorMessage = 2;
    public const int CreateEnv = 3;
    public const int CreateSession = 7;
    public const int CreateSessionFromArray = 8;
    public const int Run = 9;
    public const int CreateSessionOptions = 10;
    public const int SetOptimizedModelFilePath = 11;
    public const int SetSessionGraphOptimizationLevel = 23;
    public const int SetIntraOpNumThreads = 24;
    public const int SetInterOpNumThreads = 25;
    public const int SessionGetInputCount = 30;
    public const int SessionGetOutputCount = 31;
    public const int SessionGetInputName = 36;
    public const int SessionGetOutputName = 37;
    public const int CreateTensorWithDataAsOrtValue = 49;
    public const int GetTensorMutableData = 51;
    public const int GetTensorElementType = 60;
    public const int GetDimensionsCount = 61;
    public const int GetDimensions = 62;
    public const int GetTensorTypeAndShape = 65;
    public const int GetValueType = 67;
    public const int CreateCpuMemoryInfo = 69;
    public const int AllocatorFree = 76;
    public const int GetAllocatorWithDefaultOptions = 78;
    public const int ReleaseEnv = 92;
    public const int ReleaseStatus = 93;
    public const int ReleaseSession = 95;
    public const int ReleaseValue = 96;
    public const int ReleaseTensorTypeAndShapeInfo = 99;
    public const int ReleaseSessionOptions = 100;
    public const int AddSessionConfigEntry = 130;
}
