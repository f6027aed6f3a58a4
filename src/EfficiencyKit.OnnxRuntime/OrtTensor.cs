using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace EfficiencyKit.OnnxRuntime;

/// <summary>
/// A dense tensor of <see cref="OrtElementType.Float"/> or <see cref="OrtElementType.Int64"/> elements in
/// row-major order, with an optional name (inputs of <see cref="OrtSession.Run(IReadOnlyList{OrtTensor})"/>
/// need one; outputs carry the model's output name). Any rank, including 0 (a scalar: empty shape, one element).
/// </summary>
/// <remarks>
/// A tensor created from an array wraps that array without copying it, and Run hands ORT a pointer to it:
/// do not change the array while a Run that uses it is in progress. Output tensors own fresh arrays.
/// </remarks>
public sealed class OrtTensor
{
    private readonly float[]? _floats;
    private readonly long[]? _int64s;
    private readonly long[] _shape;
    private readonly ReadOnlyCollection<long> _shapeView;

    private OrtTensor(string? name, OrtElementType elementType, float[]? floats, long[]? int64s, long[] shape)
    {
        Name = name;
        ElementType = elementType;
        _floats = floats;
        _int64s = int64s;
        _shape = shape;
        _shapeView = Array.AsReadOnly(shape);
    }

    /// <summary>The tensor's name: the model input it feeds, or the model output it came from.</summary>
    public string? Name { get; }

    /// <summary><see cref="OrtElementType.Float"/> or <see cref="OrtElementType.Int64"/>.</summary>
    public OrtElementType ElementType { get; }

    /// <summary>The dimensions, outermost first; empty for a scalar.</summary>
    public IReadOnlyList<long> Shape => _shapeView;

    /// <summary>The number of elements (the product of <see cref="Shape"/>).</summary>
    public int ElementCount => Data.Length;

    /// <summary>The elements of a <see cref="OrtElementType.Float"/> tensor.</summary>
    /// <exception cref="InvalidOperationException">The tensor holds another element type.</exception>
    public ReadOnlySpan<float> FloatData =>
        _floats ?? throw new InvalidOperationException($"Tensor '{Name}' holds {ElementType} elements, not Float.");

    /// <summary>The elements of an <see cref="OrtElementType.Int64"/> tensor.</summary>
    /// <exception cref="InvalidOperationException">The tensor holds another element type.</exception>
    public ReadOnlySpan<long> Int64Data =>
        _int64s ?? throw new InvalidOperationException($"Tensor '{Name}' holds {ElementType} elements, not Int64.");

    internal Array Data => (Array?)_floats ?? _int64s!;

    internal long[] ShapeArray => _shape;

    /// <summary>A float tensor that wraps <paramref name="data"/> (no copy).</summary>
    /// <param name="name">The model input it feeds, or null.</param>
    /// <param name="data">The elements in row-major order; its length must be the product of <paramref name="shape"/>.</param>
    /// <param name="shape">The dimensions; none for a scalar.</param>
    public static OrtTensor Create(string? name, float[] data, params ReadOnlySpan<long> shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new OrtTensor(name, OrtElementType.Float, data, null, CheckedShape(shape, data.Length));
    }

    /// <summary>An int64 tensor that wraps <paramref name="data"/> (no copy).</summary>
    /// <param name="name">The model input it feeds, or null.</param>
    /// <param name="data">The elements in row-major order; its length must be the product of <paramref name="shape"/>.</param>
    /// <param name="shape">The dimensions; none for a scalar.</param>
    public static OrtTensor Create(string? name, long[] data, params ReadOnlySpan<long> shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new OrtTensor(name, OrtElementType.Int64, null, data, CheckedShape(shape, data.Length));
    }

    /// <summary>The same elements and shape under another name (no copy).</summary>
    /// <param name="name">The new name.</param>
    public OrtTensor WithName(string? name) => new(name, ElementType, _floats, _int64s, _shape);

    private static long[] CheckedShape(ReadOnlySpan<long> shape, int length)
    {
        long product = 1;
        foreach (var dim in shape)
        {
            if (dim < 0)
            {
                throw new ArgumentException($"Dimensions must be zero or positive; got [{string.Join(", ", shape.ToArray())}].", nameof(shape));
            }

            product = checked(product * dim);
        }

        if (product != length)
        {
            throw new ArgumentException(
                $"Shape [{string.Join(", ", shape.ToArray())}] holds {product} elements but the data has {length}.", nameof(shape));
        }

        return shape.ToArray();
    }
}
