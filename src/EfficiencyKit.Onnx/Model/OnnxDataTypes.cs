using System.Globalization;

namespace EfficiencyKit.Onnx.Model;

/// <summary>Sizes and names of <see cref="OnnxDataType"/> values.</summary>
public static class OnnxDataTypes
{
    /// <summary>Bits per element; 0 for strings and unknown values (their size is not a function of the shape).</summary>
    public static int BitsPerElement(OnnxDataType type) => type switch
    {
        OnnxDataType.Float or OnnxDataType.Int32 or OnnxDataType.UInt32 => 32,
        OnnxDataType.UInt8 or OnnxDataType.Int8 or OnnxDataType.Bool => 8,
        OnnxDataType.Float8E4M3FN or OnnxDataType.Float8E4M3FNUZ or OnnxDataType.Float8E5M2 or OnnxDataType.Float8E5M2FNUZ => 8,
        OnnxDataType.UInt16 or OnnxDataType.Int16 or OnnxDataType.Float16 or OnnxDataType.BFloat16 => 16,
        OnnxDataType.Int64 or OnnxDataType.UInt64 or OnnxDataType.Double or OnnxDataType.Complex64 => 64,
        OnnxDataType.Complex128 => 128,
        OnnxDataType.UInt4 or OnnxDataType.Int4 or OnnxDataType.Float4E2M1 => 4,
        _ => 0,
    };

    /// <summary>Bytes that <paramref name="elements"/> elements take in raw_data (4-bit types round up).</summary>
    public static long ByteCount(OnnxDataType type, long elements) => ((elements * BitsPerElement(type)) + 7) / 8;

    /// <summary>The onnx.proto spelling, e.g. FLOAT, INT8, FLOAT16; unknown numbers as "type 99".</summary>
    public static string Name(OnnxDataType type) => type switch
    {
        OnnxDataType.Float => "FLOAT",
        OnnxDataType.UInt8 => "UINT8",
        OnnxDataType.Int8 => "INT8",
        OnnxDataType.UInt16 => "UINT16",
        OnnxDataType.Int16 => "INT16",
        OnnxDataType.Int32 => "INT32",
        OnnxDataType.Int64 => "INT64",
        OnnxDataType.String => "STRING",
        OnnxDataType.Bool => "BOOL",
        OnnxDataType.Float16 => "FLOAT16",
        OnnxDataType.Double => "DOUBLE",
        OnnxDataType.UInt32 => "UINT32",
        OnnxDataType.UInt64 => "UINT64",
        OnnxDataType.Complex64 => "COMPLEX64",
        OnnxDataType.Complex128 => "COMPLEX128",
        OnnxDataType.BFloat16 => "BFLOAT16",
        OnnxDataType.Float8E4M3FN => "FLOAT8E4M3FN",
        OnnxDataType.Float8E4M3FNUZ => "FLOAT8E4M3FNUZ",
        OnnxDataType.Float8E5M2 => "FLOAT8E5M2",
        OnnxDataType.Float8E5M2FNUZ => "FLOAT8E5M2FNUZ",
        OnnxDataType.UInt4 => "UINT4",
        OnnxDataType.Int4 => "INT4",
        OnnxDataType.Float4E2M1 => "FLOAT4E2M1",
        OnnxDataType.Undefined => "UNDEFINED",
        _ => "type " + ((int)type).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Whether the type holds floating-point values (the ones quantization and FLOP precision care about).</summary>
    public static bool IsFloatingPoint(OnnxDataType type) => type is OnnxDataType.Float or OnnxDataType.Float16 or OnnxDataType.BFloat16 or OnnxDataType.Double
        or OnnxDataType.Float8E4M3FN or OnnxDataType.Float8E4M3FNUZ or OnnxDataType.Float8E5M2 or OnnxDataType.Float8E5M2FNUZ or OnnxDataType.Float4E2M1;
}
