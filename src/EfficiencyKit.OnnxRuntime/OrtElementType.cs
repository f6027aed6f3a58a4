namespace EfficiencyKit.OnnxRuntime;

/// <summary>
/// A tensor's element type: ORT's <c>ONNXTensorElementDataType</c>, which mirrors ONNX's
/// <c>TensorProto.DataType</c>. <see cref="OrtTensor"/> carries <see cref="Float"/> and <see cref="Int64"/>
/// data; the other values name what a model uses when it is something else.
/// </summary>
public enum OrtElementType
{
    /// <summary>Not a tensor type.</summary>
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

    /// <summary>Variable-length string.</summary>
    String = 8,

    /// <summary>Boolean (one byte).</summary>
    Bool = 9,

    /// <summary>16-bit IEEE float.</summary>
    Float16 = 10,

    /// <summary>64-bit IEEE float.</summary>
    Double = 11,

    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32 = 12,

    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64 = 13,

    /// <summary>Complex with float real and imaginary parts.</summary>
    Complex64 = 14,

    /// <summary>Complex with double real and imaginary parts.</summary>
    Complex128 = 15,

    /// <summary>bfloat16: the top 16 bits of a float.</summary>
    BFloat16 = 16,

    /// <summary>8-bit float, 4 exponent and 3 mantissa bits, no infinities.</summary>
    Float8E4M3Fn = 17,

    /// <summary>8-bit float E4M3, no infinities, no negative zero.</summary>
    Float8E4M3Fnuz = 18,

    /// <summary>8-bit float, 5 exponent and 2 mantissa bits.</summary>
    Float8E5M2 = 19,

    /// <summary>8-bit float E5M2, no infinities, no negative zero.</summary>
    Float8E5M2Fnuz = 20,

    /// <summary>Unsigned 4-bit integer, two per byte.</summary>
    UInt4 = 21,

    /// <summary>Signed 4-bit integer, two per byte.</summary>
    Int4 = 22,

    /// <summary>4-bit float, 2 exponent bits and 1 mantissa bit.</summary>
    Float4E2M1 = 23,

    /// <summary>Unsigned 2-bit integer, four per byte.</summary>
    UInt2 = 24,

    /// <summary>Signed 2-bit integer, four per byte.</summary>
    Int2 = 25,

    /// <summary>8-bit exponent-only float (E8M0), used for block scales.</summary>
    Float8E8M0 = 26,
}
