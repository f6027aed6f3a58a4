using System;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace EfficiencyKit.OnnxRuntime.Native;

/// <summary>
/// Typed calls into the OrtApi function table. Every function that returns an <c>OrtStatus*</c> goes through
/// <see cref="Check"/>, which turns a non-null status into an <see cref="OrtException"/> and releases it.
/// C enums are passed as <see cref="int"/>, <c>size_t</c> as <see cref="nuint"/>; on non-Windows
/// ORT_API_CALL is empty, so the platform default calling convention of <c>delegate* unmanaged</c> matches.
/// </summary>
internal static unsafe class OrtApi
{
    // ONNXType: ONNX_TYPE_TENSOR; OrtAllocatorType: OrtDeviceAllocator; OrtMemType: OrtMemTypeDefault.
    public const int OnnxTypeTensor = 1;
    private const int DeviceAllocator = 0;
    private const int MemTypeDefault = 0;

    private static readonly object s_lock = new();
    private static IntPtr s_table;
    private static IntPtr s_cpuMemoryInfo;

    public static bool IsInitialized => Volatile.Read(ref s_table) != IntPtr.Zero;

    private static void** Table
    {
        get
        {
            var table = Volatile.Read(ref s_table);
            if (table == IntPtr.Zero)
            {
                throw new InvalidOperationException("ONNX Runtime is not loaded: call OrtLibrary.Load(path) or OrtLibrary.TryLoadDefault first.");
            }

            return (void**)table;
        }
    }

    public static void Initialize(IntPtr table) => Volatile.Write(ref s_table, table);

    public static void Check(IntPtr status)
    {
        if (status == IntPtr.Zero)
        {
            return;
        }

        int code;
        string message;
        try
        {
            code = ((delegate* unmanaged<IntPtr, int>)Table[OrtSlots.GetErrorCode])(status);
            message = Marshal.PtrToStringUTF8(((delegate* unmanaged<IntPtr, IntPtr>)Table[OrtSlots.GetErrorMessage])(status)) ?? string.Empty;
        }
        finally
        {
            Release(OrtSlots.ReleaseStatus, status);
        }

        throw new OrtException((OrtErrorCode)code, message);
    }

    public static void Release(int slot, IntPtr handle)
    {
        if (handle != IntPtr.Zero)
        {
            ((delegate* unmanaged<IntPtr, void>)Table[slot])(handle);
        }
    }

    public static IntPtr CreateEnv(OrtLoggingLevel level, string logId)
    {
        IntPtr env;
        fixed (byte* id = Utf8Z(logId))
        {
            Check(((delegate* unmanaged<int, byte*, IntPtr*, IntPtr>)Table[OrtSlots.CreateEnv])((int)level, id, &env));
        }

        return env;
    }

    public static IntPtr CreateSessionOptions()
    {
        IntPtr options;
        Check(((delegate* unmanaged<IntPtr*, IntPtr>)Table[OrtSlots.CreateSessionOptions])(&options));
        return options;
    }

    public static void SetInt(int slot, IntPtr options, int value) =>
        Check(((delegate* unmanaged<IntPtr, int, IntPtr>)Table[slot])(options, value));

    public static void SetOptimizedModelFilePath(IntPtr options, string path)
    {
        fixed (byte* p = OrtPath(path))
        {
            Check(((delegate* unmanaged<IntPtr, byte*, IntPtr>)Table[OrtSlots.SetOptimizedModelFilePath])(options, p));
        }
    }

    public static void AddSessionConfigEntry(IntPtr options, string key, string value)
    {
        fixed (byte* k = Utf8Z(key))
        fixed (byte* v = Utf8Z(value))
        {
            Check(((delegate* unmanaged<IntPtr, byte*, byte*, IntPtr>)Table[OrtSlots.AddSessionConfigEntry])(options, k, v));
        }
    }

    public static IntPtr CreateSession(IntPtr env, string modelPath, IntPtr options)
    {
        IntPtr session;
        fixed (byte* path = OrtPath(modelPath))
        {
            Check(((delegate* unmanaged<IntPtr, byte*, IntPtr, IntPtr*, IntPtr>)Table[OrtSlots.CreateSession])(env, path, options, &session));
        }

        return session;
    }

    public static IntPtr CreateSessionFromArray(IntPtr env, ReadOnlySpan<byte> model, IntPtr options)
    {
        IntPtr session;
        fixed (byte* data = model)
        {
            Check(((delegate* unmanaged<IntPtr, byte*, nuint, IntPtr, IntPtr*, IntPtr>)Table[OrtSlots.CreateSessionFromArray])(
                env, data, (nuint)model.Length, options, &session));
        }

        return session;
    }

    public static int GetCount(int slot, IntPtr session)
    {
        nuint count;
        Check(((delegate* unmanaged<IntPtr, nuint*, IntPtr>)Table[slot])(session, &count));
        return checked((int)count);
    }

    /// <summary>SessionGetInputName / SessionGetOutputName: ORT allocates the name with the given allocator; we copy and free it.</summary>
    public static string GetName(int slot, IntPtr session, int index)
    {
        var allocator = DefaultAllocator();
        IntPtr name;
        Check(((delegate* unmanaged<IntPtr, nuint, IntPtr, IntPtr*, IntPtr>)Table[slot])(session, (nuint)index, allocator, &name));
        try
        {
            return Marshal.PtrToStringUTF8(name) ?? string.Empty;
        }
        finally
        {
            Check(((delegate* unmanaged<IntPtr, IntPtr, IntPtr>)Table[OrtSlots.AllocatorFree])(allocator, name));
        }
    }

    public static IntPtr CreateTensorWithData(void* data, nuint byteCount, long* shape, nuint rank, OrtElementType type)
    {
        IntPtr value;
        Check(((delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr>)Table[OrtSlots.CreateTensorWithDataAsOrtValue])(
            CpuMemoryInfo(), data, byteCount, shape, rank, (int)type, &value));
        return value;
    }

    public static void Run(IntPtr session, byte** inputNames, IntPtr* inputs, nuint inputCount, byte** outputNames, nuint outputCount, IntPtr* outputs) =>
        Check(((delegate* unmanaged<IntPtr, IntPtr, byte**, IntPtr*, nuint, byte**, nuint, IntPtr*, IntPtr>)Table[OrtSlots.Run])(
            session, IntPtr.Zero, inputNames, inputs, inputCount, outputNames, outputCount, outputs));

    public static int GetValueType(IntPtr value)
    {
        int type;
        Check(((delegate* unmanaged<IntPtr, int*, IntPtr>)Table[OrtSlots.GetValueType])(value, &type));
        return type;
    }

    /// <summary>Element type and dimensions of a tensor value (GetTensorTypeAndShape, then released).</summary>
    public static (OrtElementType Type, long[] Shape) GetTypeAndShape(IntPtr value)
    {
        IntPtr info;
        Check(((delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)Table[OrtSlots.GetTensorTypeAndShape])(value, &info));
        try
        {
            int type;
            Check(((delegate* unmanaged<IntPtr, int*, IntPtr>)Table[OrtSlots.GetTensorElementType])(info, &type));
            nuint rank;
            Check(((delegate* unmanaged<IntPtr, nuint*, IntPtr>)Table[OrtSlots.GetDimensionsCount])(info, &rank));
            var shape = new long[checked((int)rank)];
            fixed (long* dims = shape)
            {
                Check(((delegate* unmanaged<IntPtr, long*, nuint, IntPtr>)Table[OrtSlots.GetDimensions])(info, dims, rank));
            }

            return ((OrtElementType)type, shape);
        }
        finally
        {
            Release(OrtSlots.ReleaseTensorTypeAndShapeInfo, info);
        }
    }

    public static void* GetTensorMutableData(IntPtr value)
    {
        void* data;
        Check(((delegate* unmanaged<IntPtr, void**, IntPtr>)Table[OrtSlots.GetTensorMutableData])(value, &data));
        return data;
    }

    /// <summary>
    /// One CPU OrtMemoryInfo for the process, created on first use and never released: it only describes
    /// "plain CPU memory" for tensors that wrap managed arrays, and creating one per Run would be pure overhead.
    /// </summary>
    private static IntPtr CpuMemoryInfo()
    {
        var info = Volatile.Read(ref s_cpuMemoryInfo);
        if (info != IntPtr.Zero)
        {
            return info;
        }

        lock (s_lock)
        {
            if (s_cpuMemoryInfo == IntPtr.Zero)
            {
                IntPtr created;
                Check(((delegate* unmanaged<int, int, IntPtr*, IntPtr>)Table[OrtSlots.CreateCpuMemoryInfo])(DeviceAllocator, MemTypeDefault, &created));
                Volatile.Write(ref s_cpuMemoryInfo, created);
            }

            return s_cpuMemoryInfo;
        }
    }

    /// <summary>ORT's process-wide default CPU allocator; ORT owns it, so it is never released.</summary>
    private static IntPtr DefaultAllocator()
    {
        IntPtr allocator;
        Check(((delegate* unmanaged<IntPtr*, IntPtr>)Table[OrtSlots.GetAllocatorWithDefaultOptions])(&allocator));
        return allocator;
    }

    /// <summary>NUL-terminated UTF-8, the encoding of every <c>const char*</c> in the C API.</summary>
    public static byte[] Utf8Z(string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }

    /// <summary>An ORTCHAR_T path: UTF-16 <c>wchar_t</c> on Windows, UTF-8 <c>char</c> elsewhere.</summary>
    private static byte[] OrtPath(string path) =>
        OperatingSystem.IsWindows() ? Encoding.Unicode.GetBytes(path + "\0") : Utf8Z(path);
}
