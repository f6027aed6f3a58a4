namespace Microsoft.ML.OnnxRuntime.Tensors;

/// <summary>
/// A tensor's element type, numbered as ONNX's <c>TensorProto.DataType</c>. Stand-in mirroring the public shape
/// of Microsoft.ML.OnnxRuntime's enum of the same name (the package is not on our NuGet mirror); this stand-in
/// runs <see cref="Float"/> and <see cref="Int64"/> tensors, the other values name what a model declares.
/// </summary>
public enum TensorElementType
{
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

    /// <summary>Boolean.</summary>
    Bool = 9,

    /// <summary>16-bit IEEE float.</summary>
    Float16 = 10,

    /// <summary>64-bit IEEE float.</summary>
    Double = 11,

    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32 = 12,

    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64 = 13,

    /// <summary>Complex with float parts.</summary>
    Complex64 = 14,

    /// <summary>Complex with double parts.</summary>
    Complex128 = 15,

    /// <summary>bfloat16.</summary>
    BFloat16 = 16,

    /// <summary>Marks values that are not tensors.</summary>
    DataTypeMax = 17,
}
