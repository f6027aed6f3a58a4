using System;

namespace Microsoft.ML.OnnxRuntime.Tensors;

/// <summary>
/// A tensor over one contiguous buffer. Stand-in mirroring the public shape of Microsoft.ML.OnnxRuntime's
/// <c>DenseTensor&lt;T&gt;</c> (the package is not on our NuGet mirror): the same constructors and
/// <see cref="Buffer"/>, so code compiles unchanged against the real package. A tensor made over an array wraps
/// it without copying, and <see cref="InferenceSession.Run(System.Collections.Generic.IReadOnlyCollection{NamedOnnxValue})"/>
/// hands that array to ONNX Runtime as it is.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public class DenseTensor<T> : Tensor<T>
{
    /// <summary>A zero-filled tensor with the given dimensions.</summary>
    /// <param name="dimensions">The size of each dimension, outermost first.</param>
    /// <param name="reverseStride">Must be false: column-major layouts are not supported by this stand-in.</param>
    public DenseTensor(ReadOnlySpan<int> dimensions, bool reverseStride = false)
        : base(dimensions, reverseStride)
    {
        Buffer = new T[Length];
    }

    /// <summary>A tensor over <paramref name="memory"/> (no copy); an array converts to it implicitly.</summary>
    /// <param name="memory">The elements in row-major order; exactly as many as the dimensions hold.</param>
    /// <param name="dimensions">The size of each dimension, outermost first.</param>
    /// <param name="reverseStride">Must be false: column-major layouts are not supported by this stand-in.</param>
    /// <exception cref="ArgumentException">The buffer's length is not the product of the dimensions.</exception>
    public DenseTensor(Memory<T> memory, ReadOnlySpan<int> dimensions, bool reverseStride = false)
        : base(dimensions, reverseStride)
    {
        if (memory.Length != Length)
        {
            throw new ArgumentException($"Length of memory ({memory.Length}) must match product of dimensions ({Length}).", nameof(memory));
        }

        Buffer = memory;
    }

    /// <summary>The elements in row-major order.</summary>
    public Memory<T> Buffer { get; }

    /// <inheritdoc/>
    public override T GetValue(int index) => Buffer.Span[index];

    /// <inheritdoc/>
    public override void SetValue(int index, T value) => Buffer.Span[index] = value;
}
