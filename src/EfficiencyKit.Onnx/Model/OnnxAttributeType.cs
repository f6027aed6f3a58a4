namespace EfficiencyKit.Onnx.Model;

/// <summary>AttributeProto.AttributeType, numbered as onnx.proto.</summary>
public enum OnnxAttributeType
{
    /// <summary>Not set (IR &lt; 2 producers).</summary>
    Undefined = 0,

    /// <summary>One float.</summary>
    Float = 1,

    /// <summary>One int64.</summary>
    Int = 2,

    /// <summary>One byte string.</summary>
    String = 3,

    /// <summary>One tensor.</summary>
    Tensor = 4,

    /// <summary>One graph (control flow bodies).</summary>
    Graph = 5,

    /// <summary>Floats.</summary>
    Floats = 6,

    /// <summary>Int64s.</summary>
    Ints = 7,

    /// <summary>Byte strings.</summary>
    Strings = 8,

    /// <summary>Tensors.</summary>
    Tensors = 9,

    /// <summary>Graphs.</summary>
    Graphs = 10,

    /// <summary>One sparse tensor (kept verbatim, not modelled).</summary>
    SparseTensor = 11,

    /// <summary>Sparse tensors (kept verbatim, not modelled).</summary>
    SparseTensors = 12,

    /// <summary>One type (kept verbatim, not modelled).</summary>
    TypeProto = 13,

    /// <summary>Types (kept verbatim, not modelled).</summary>
    TypeProtos = 14,
}
