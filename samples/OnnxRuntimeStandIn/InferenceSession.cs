using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using EfficiencyKit.Onnx.Model;
using EfficiencyKit.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Microsoft.ML.OnnxRuntime;

/// <summary>
/// A loaded model that runs on ONNX Runtime's CPU execution provider. Stand-in mirroring the public shape of
/// Microsoft.ML.OnnxRuntime's <c>InferenceSession</c> (the package is not on our NuGet mirror): the same
/// constructors, metadata and <c>Run</c> overload, over <see cref="OrtSession"/>, so code compiles unchanged
/// against the real package and runs real inference in the same native ONNX Runtime. As with the real class,
/// creating one loads, optimizes and prepares the whole model: create it once, reuse it (it is thread-safe)
/// and dispose it.
/// </summary>
public sealed class InferenceSession : IDisposable
{
    private readonly OrtSession _session;
    private readonly Lazy<(Dictionary<string, NodeMetadata> Inputs, Dictionary<string, NodeMetadata> Outputs)> _metadata;

    /// <summary>Loads the model at <paramref name="modelPath"/> with ONNX Runtime's default options.</summary>
    /// <param name="modelPath">The .onnx file.</param>
    public InferenceSession(string modelPath)
        : this(modelPath, null)
    {
    }

    /// <summary>Loads the model at <paramref name="modelPath"/> with <paramref name="options"/>.</summary>
    /// <param name="modelPath">The .onnx file.</param>
    /// <param name="options">Session options; ONNX Runtime copies them, so they may be disposed afterwards.</param>
    public InferenceSession(string modelPath, SessionOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        _session = OrtSession.FromFile(NativeRuntime.Environment, modelPath, options?.Native);
        _metadata = new(() => ReadMetadata(OnnxModelReader.Read(modelPath)));
    }

    /// <summary>Loads a model from its bytes with ONNX Runtime's default options.</summary>
    /// <param name="model">The serialized model.</param>
    public InferenceSession(byte[] model)
        : this(model, null)
    {
    }

    /// <summary>Loads a model from its bytes with <paramref name="options"/>.</summary>
    /// <param name="model">The serialized model.</param>
    /// <param name="options">Session options; ONNX Runtime copies them, so they may be disposed afterwards.</param>
    public InferenceSession(byte[] model, SessionOptions? options)
    {
        ArgumentNullException.ThrowIfNull(model);
        _session = OrtSession.FromBytes(NativeRuntime.Environment, model, options?.Native);
        _metadata = new(() => ReadMetadata(OnnxModelReader.Read(model)));
    }

    /// <summary>The model's inputs by name, in the model's order.</summary>
    public IReadOnlyDictionary<string, NodeMetadata> InputMetadata => _metadata.Value.Inputs;

    /// <summary>The model's outputs by name, in the model's order.</summary>
    public IReadOnlyDictionary<string, NodeMetadata> OutputMetadata => _metadata.Value.Outputs;

    /// <summary>The model's input names, in the model's order.</summary>
    public IReadOnlyList<string> InputNames => _session.InputNames;

    /// <summary>The model's output names, in the model's order.</summary>
    public IReadOnlyList<string> OutputNames => _session.OutputNames;

    /// <summary>Runs the model and returns every output.</summary>
    /// <param name="inputs">One value per model input, each a <see cref="Tensor{T}"/> of float or long.</param>
    /// <returns>The outputs, in <see cref="OutputNames"/> order; dispose them.</returns>
    public IDisposableReadOnlyCollection<DisposableNamedOnnxValue> Run(IReadOnlyCollection<NamedOnnxValue> inputs)
        => Run(inputs, _session.OutputNames);

    /// <summary>Runs the model and returns the requested outputs.</summary>
    /// <param name="inputs">One value per model input, each a <see cref="Tensor{T}"/> of float or long.</param>
    /// <param name="outputNames">The outputs to compute.</param>
    /// <returns>The outputs, in the order requested; dispose them.</returns>
    public IDisposableReadOnlyCollection<DisposableNamedOnnxValue> Run(IReadOnlyCollection<NamedOnnxValue> inputs, IReadOnlyCollection<string> outputNames)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputNames);
        var outputs = _session.Run(inputs.Select(ToOrtTensor).ToList(), outputNames as IReadOnlyList<string> ?? [.. outputNames]);
        var results = new DisposableList<DisposableNamedOnnxValue>(outputs.Count);
        foreach (var output in outputs)
        {
            results.Add(ToNamedValue(output));
        }

        return results;
    }

    /// <summary>Releases the native session.</summary>
    public void Dispose() => _session.Dispose();

    private static OrtTensor ToOrtTensor(NamedOnnxValue input) => input.Value switch
    {
        Tensor<float> tensor => OrtTensor.Create(input.Name, Elements(tensor), Shape(tensor)),
        Tensor<long> tensor => OrtTensor.Create(input.Name, Elements(tensor), Shape(tensor)),
        _ => throw new NotSupportedException(
            $"Input '{input.Name}' is a {input.Value?.GetType().Name ?? "null"}; this Microsoft.ML.OnnxRuntime stand-in runs Tensor<float> and Tensor<long> inputs only."),
    };

    // A DenseTensor over a whole array goes to ONNX Runtime as it is (pinned for the run, not copied), as in the real package.
    private static T[] Elements<T>(Tensor<T> tensor)
        => tensor is DenseTensor<T> dense
           && MemoryMarshal.TryGetArray<T>(dense.Buffer, out var segment)
           && segment.Offset == 0
           && segment.Count == segment.Array!.Length
            ? segment.Array
            : [.. tensor];

    private static long[] Shape<T>(Tensor<T> tensor)
    {
        var shape = new long[tensor.Rank];
        for (var i = 0; i < shape.Length; i++)
        {
            shape[i] = tensor.Dimensions[i];
        }

        return shape;
    }

    // OrtSession.Run returns Float and Int64 tensors only (it throws on other element types).
    private static DisposableNamedOnnxValue ToNamedValue(OrtTensor output)
    {
        var name = output.Name ?? string.Empty;
        var dimensions = output.Shape.Select(d => checked((int)d)).ToArray();
        return output.ElementType == OrtElementType.Float
            ? DisposableNamedOnnxValue.FromTensor(name, new DenseTensor<float>(output.FloatData.ToArray(), dimensions), TensorElementType.Float)
            : DisposableNamedOnnxValue.FromTensor(name, new DenseTensor<long>(output.Int64Data.ToArray(), dimensions), TensorElementType.Int64);
    }

    private static (Dictionary<string, NodeMetadata> Inputs, Dictionary<string, NodeMetadata> Outputs) ReadMetadata(OnnxModel model)
    {
        // Before IR 4 initializers were listed among the graph inputs too; they are weights, not inputs.
        var weights = model.Graph.Initializers.Select(tensor => tensor.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = model.Graph.Inputs.Where(input => !weights.Contains(input.Name)).ToDictionary(input => input.Name, ToMetadata, StringComparer.Ordinal);
        var outputs = model.Graph.Outputs.ToDictionary(output => output.Name, ToMetadata, StringComparer.Ordinal);
        return (inputs, outputs);
    }

    private static NodeMetadata ToMetadata(OnnxValueInfo value)
    {
        var type = value.Type;
        var shape = type?.Shape ?? [];
        return new NodeMetadata(
            type?.IsTensor ?? false,
            type?.IsTensor == true ? (TensorElementType)(int)type.ElementType : TensorElementType.DataTypeMax,
            ClrType(type?.ElementType ?? OnnxDataType.Undefined),
            shape.Select(d => d.Value is { } fixedSize ? checked((int)fixedSize) : -1).ToArray(),
            shape.Select(d => d.Param ?? string.Empty).ToArray());
    }

    private static Type ClrType(OnnxDataType type) => type switch
    {
        OnnxDataType.Float => typeof(float),
        OnnxDataType.Double => typeof(double),
        OnnxDataType.Int64 => typeof(long),
        OnnxDataType.Int32 => typeof(int),
        OnnxDataType.Int16 => typeof(short),
        OnnxDataType.Int8 => typeof(sbyte),
        OnnxDataType.UInt8 => typeof(byte),
        OnnxDataType.Bool => typeof(bool),
        OnnxDataType.String => typeof(string),
        _ => typeof(object),
    };
}
