namespace EfficiencyKit.Onnx.Model;

/// <summary>TensorProto.DataType, numbered exactly as onnx.proto.</summary>
public enum OnnxDataType
{
    /// <summary>Not set.</summary>
    Undefined = 0,

    /// <summary>32-bit IEEE float.</summary>
    Float = 1,

    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8 = 2,

    /// <summary>Signed 8-bit integer.</summary>
    Int8 = 3,

    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16 = 4,

    /// <summary>Signed 16-bit integer.</summary>
    Int16 = 5,

    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 6,

    /// <summary>Signed 64-bit integer.</summary>
    Int64 = 7,

    /// <summary>UTF-8 string (variable size).</summary>
    String = 8,

    /// <summary>Boolean, one byte each.</summary>
    Bool = 9,

    /// <summary>IEEE half precision.</summary>
    Float16 = 10,

    /// <summary>64-bit IEEE float.</summary>
    Double = 11,

    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32 = 12,

    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64 = 13,

    /// <summary>Two 32-bit floats.</summary>
    Complex64 = 14,

    /// <summary>Two 64-bit floats.</summary>
    Complex128 = 15,

    /// <summary>Brain float 16.</summary>
    BFloat16 = 16,

    /// <summary>8-bit float, e4m3fn.</summary>
    Float8E4M3FN = 17,

    /// <summary>8-bit float, e4m3fnuz.</summary>
    Float8E4M3FNUZ = 18,

    /// <summary>8-bit float, e5m2.</summary>
    Float8E5M2 = 19,

    /// <summary>8-bit float, e5m2fnuz.</summary>
    Float8E5M2FNUZ = 20,

    /// <summary>Unsigned 4-bit integer, two per byte.</summary>
    UInt4 = 21,

    /// <summary>Signed 4-bit integer, two per byte.</summary>
    Int4 = 22,

    /// <summary>4-bit float e2m1, two per byte.</summary>
    Float4E2M1 = 23,
}
