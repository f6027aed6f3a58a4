using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Microsoft.ML.OnnxRuntime;

/// <summary>
/// A model input or output: a name and a managed value (here always a <see cref="Tensor{T}"/>). Stand-in
/// mirroring the public shape of Microsoft.ML.OnnxRuntime's <c>NamedOnnxValue</c> (the package is not on our
/// NuGet mirror), so code compiles unchanged against the real package.
/// </summary>
public class NamedOnnxValue
{
    /// <summary>Creates a value; use <see cref="CreateFromTensor{T}"/>.</summary>
    /// <param name="name">The model input or output name.</param>
    /// <param name="value">The managed value.</param>
    protected NamedOnnxValue(string name, object value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The model input or output name.</summary>
    public string Name { get; set; }

    /// <summary>The managed value, e.g. a <see cref="DenseTensor{T}"/>.</summary>
    public object Value { get; set; }

    /// <summary>Names a tensor after the model input it feeds.</summary>
    /// <typeparam name="T">The element type; this stand-in runs float and long.</typeparam>
    /// <param name="name">The model input name.</param>
    /// <param name="value">The tensor.</param>
    public static NamedOnnxValue CreateFromTensor<T>(string name, Tensor<T> value) => new(name, value);

    // The real package is not nullable-annotated: its callers get no nullable warnings from these two, nor should ours.
#nullable disable annotations

    /// <summary>The value as a tensor of <typeparamref name="T"/>, or null when it is something else.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    public Tensor<T> AsTensor<T>() => Value as Tensor<T>;

    /// <summary>The value as a sequence of <typeparamref name="T"/> (a tensor's elements in row-major order), or null.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    public IEnumerable<T> AsEnumerable<T>() => Value as IEnumerable<T>;

#nullable restore annotations
}
