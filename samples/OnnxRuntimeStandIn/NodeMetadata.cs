using System;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Microsoft.ML.OnnxRuntime;

/// <summary>
/// The declared type and shape of a model input or output. Stand-in mirroring the public shape of
/// Microsoft.ML.OnnxRuntime's <c>NodeMetadata</c> (the package is not on our NuGet mirror); as there, symbolic
/// dimensions (e.g. a "batch" axis) show as −1 in <see cref="Dimensions"/> and by name in <see cref="SymbolicDimensions"/>.
/// </summary>
public sealed class NodeMetadata
{
    internal NodeMetadata(bool isTensor, TensorElementType elementDataType, Type elementType, int[] dimensions, string[] symbolicDimensions)
    {
        IsTensor = isTensor;
        ElementDataType = elementDataType;
        ElementType = elementType;
        Dimensions = dimensions;
        SymbolicDimensions = symbolicDimensions;
    }

    /// <summary>Whether the value is a tensor (rather than a sequence, map or optional).</summary>
    public bool IsTensor { get; }

    /// <summary>The tensor's element type.</summary>
    public TensorElementType ElementDataType { get; }

    /// <summary>The CLR type of the elements (float for Float, long for Int64, ...); <see cref="object"/> for types without one.</summary>
    public Type ElementType { get; }

    /// <summary>The declared dimensions, −1 where a dimension is symbolic or unknown.</summary>
    public int[] Dimensions { get; }

    /// <summary>The name of each symbolic dimension, empty where the dimension is fixed.</summary>
    public string[] SymbolicDimensions { get; }
}
