using System;
using System.Collections;
using System.Collections.Generic;

namespace Microsoft.ML.OnnxRuntime.Tensors;

/// <summary>
/// A multi-dimensional, row-major collection of <typeparamref name="T"/>. Stand-in mirroring the public shape of
/// Microsoft.ML.OnnxRuntime's <c>Tensor&lt;T&gt;</c> (the package is not on our NuGet mirror): dimensions, length,
/// rank, the multi-index indexers and linear <see cref="GetValue"/>/<see cref="SetValue"/>; enumerating it yields the
/// elements in order, so LINQ's <c>ToArray()</c> works as with the real type. Row-major layouts only.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public abstract class Tensor<T> : IReadOnlyList<T>
{
    private readonly int[] _dimensions;
    private readonly int[] _strides;

    /// <summary>Initializes a tensor with the given dimensions.</summary>
    /// <param name="dimensions">The size of each dimension, outermost first.</param>
    /// <param name="reverseStride">Must be false: column-major layouts are not supported by this stand-in.</param>
    /// <exception cref="NotSupportedException"><paramref name="reverseStride"/> is true.</exception>
    protected Tensor(ReadOnlySpan<int> dimensions, bool reverseStride)
    {
        if (reverseStride)
        {
            throw new NotSupportedException("This Microsoft.ML.OnnxRuntime stand-in supports row-major tensors only (reverseStride: false).");
        }

        _dimensions = dimensions.ToArray();
        _strides = new int[_dimensions.Length];
        long length = 1;
        for (var i = _dimensions.Length - 1; i >= 0; i--)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(_dimensions[i], nameof(dimensions));
            _strides[i] = checked((int)length);
            length = checked(length * _dimensions[i]);
        }

        Length = length;
    }

    /// <summary>The number of elements.</summary>
    public long Length { get; }

    /// <summary>The number of dimensions.</summary>
    public int Rank => _dimensions.Length;

    /// <summary>Whether the layout is column-major; always false here.</summary>
    public bool IsReversedStride => false;

    /// <summary>The size of each dimension, outermost first.</summary>
    public ReadOnlySpan<int> Dimensions => _dimensions;

    /// <summary>Elements between consecutive indices of each dimension.</summary>
    public ReadOnlySpan<int> Strides => _strides;

    int IReadOnlyCollection<T>.Count => checked((int)Length);

    /// <summary>The element at the given indices, one per dimension.</summary>
    /// <param name="indices">The indices.</param>
    public virtual T this[params int[] indices]
    {
        get => this[(ReadOnlySpan<int>)indices];
        set => this[(ReadOnlySpan<int>)indices] = value;
    }

    /// <summary>The element at the given indices, one per dimension.</summary>
    /// <param name="indices">The indices.</param>
    public virtual T this[ReadOnlySpan<int> indices]
    {
        get => GetValue(LinearIndex(indices));
        set => SetValue(LinearIndex(indices), value);
    }

    T IReadOnlyList<T>.this[int index] => GetValue(index);

    /// <summary>The element at a linear (row-major) index.</summary>
    /// <param name="index">The index, from 0 to <see cref="Length"/> − 1.</param>
    public abstract T GetValue(int index);

    /// <summary>Sets the element at a linear (row-major) index.</summary>
    /// <param name="index">The index, from 0 to <see cref="Length"/> − 1.</param>
    /// <param name="value">The new value.</param>
    public abstract void SetValue(int index, T value);

    /// <summary>The elements in row-major order.</summary>
    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Length; i++)
        {
            yield return GetValue(i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int LinearIndex(ReadOnlySpan<int> indices)
    {
        if (indices.Length != _dimensions.Length)
        {
            throw new ArgumentException($"The tensor has {_dimensions.Length} dimensions; got {indices.Length} indices.", nameof(indices));
        }

        var index = 0;
        for (var i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)_dimensions[i])
            {
                throw new IndexOutOfRangeException($"Index {indices[i]} is outside dimension {i} of size {_dimensions[i]}.");
            }

            index += indices[i] * _strides[i];
        }

        return index;
    }
}
