using System;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Microsoft.ML.OnnxRuntime;

/// <summary>
/// An output of <see cref="InferenceSession.Run(System.Collections.Generic.IReadOnlyCollection{NamedOnnxValue})"/>.
/// Stand-in mirroring the public shape of Microsoft.ML.OnnxRuntime's <c>DisposableNamedOnnxValue</c> (the package
/// is not on our NuGet mirror), so code compiles unchanged against the real package.
/// </summary>
/// <remarks>
/// The real class maps the tensor onto native memory and must be disposed. Here the binding has already copied
/// the output into a managed array, so <see cref="Dispose"/> releases nothing; code should dispose it anyway,
/// as it must with the real package.
/// </remarks>
public sealed class DisposableNamedOnnxValue : NamedOnnxValue, IDisposable
{
    private DisposableNamedOnnxValue(string name, object value, TensorElementType elementType)
        : base(name, value)
    {
        ElementType = elementType;
    }

    /// <summary>The tensor's element type.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>Nothing native to release (see remarks); kept so that code written for the real package compiles and stays correct there.</summary>
    public void Dispose()
    {
    }

    internal static DisposableNamedOnnxValue FromTensor<T>(string name, DenseTensor<T> tensor, TensorElementType elementType)
        => new(name, tensor, elementType);
}
