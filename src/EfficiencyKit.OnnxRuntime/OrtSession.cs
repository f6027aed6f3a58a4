using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Runtime.InteropServices;
using EfficiencyKit.OnnxRuntime.Native;

namespace EfficiencyKit.OnnxRuntime;

/// <summary>
/// A loaded model (<c>OrtSession</c>) that runs on ORT's CPU execution provider. Create it once and reuse it:
/// creation parses, optimises and prepares the whole graph and costs far more than a run. <see cref="Run(IReadOnlyList{OrtTensor})"/>
/// may be called from several threads at once; <see cref="Dispose"/> waits for none of them but releases the
/// native session only after the last running call returns.
/// </summary>
public sealed class OrtSession : IDisposable
{
    private readonly OrtHandle _handle;

    private OrtSession(OrtHandle handle)
    {
        _handle = handle;
        try
        {
            InputNames = ReadNames(handle.DangerousGetHandle(), OrtSlots.SessionGetInputCount, OrtSlots.SessionGetInputName);
            OutputNames = ReadNames(handle.DangerousGetHandle(), OrtSlots.SessionGetOutputCount, OrtSlots.SessionGetOutputName);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The model's input names, in the model's order.</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>The model's output names, in the model's order.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>Creates a session from an .onnx file.</summary>
    /// <param name="environment">The environment to create it in; it stays alive as long as the session.</param>
    /// <param name="modelPath">The model file; ORT resolves external data relative to it.</param>
    /// <param name="options">Session options, or null for ORT's defaults.</param>
    /// <exception cref="OrtException">ORT could not load the model (e.g. <see cref="OrtErrorCode.NoSuchFile"/>).</exception>
    public static OrtSession FromFile(OrtEnvironment environment, string modelPath, OrtSessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        return Create(environment, options, modelPath, default);
    }

    /// <summary>Creates a session from the bytes of an .onnx model (ORT copies what it needs).</summary>
    /// <param name="environment">The environment to create it in; it stays alive as long as the session.</param>
    /// <param name="model">The serialized ModelProto.</param>
    /// <param name="options">Session options, or null for ORT's defaults.</param>
    /// <exception cref="OrtException">ORT could not load the model (e.g. <see cref="OrtErrorCode.InvalidProtobuf"/>).</exception>
    public static OrtSession FromBytes(OrtEnvironment environment, ReadOnlySpan<byte> model, OrtSessionOptions? options = null) =>
        Create(environment, options, null, model);

    /// <summary>Runs the model and returns all of its outputs, in <see cref="OutputNames"/> order.</summary>
    /// <param name="inputs">One named tensor per model input.</param>
    /// <exception cref="OrtException">ORT rejected the inputs (unknown name, wrong rank, shape or type) or the run failed.</exception>
    /// <exception cref="NotSupportedException">An output is not a Float or Int64 tensor.</exception>
    public IReadOnlyList<OrtTensor> Run(IReadOnlyList<OrtTensor> inputs) => Run(inputs, OutputNames);

    /// <summary>Runs the model and returns the requested outputs, in the order requested, named after them.</summary>
    /// <param name="inputs">One named tensor per model input. Their arrays are pinned, not copied, during the call.</param>
    /// <param name="outputNames">The outputs to compute.</param>
    /// <exception cref="OrtException">ORT rejected the inputs (unknown name, wrong rank, shape or type) or the run failed.</exception>
    /// <exception cref="NotSupportedException">A requested output is not a Float or Int64 tensor.</exception>
    public unsafe IReadOnlyList<OrtTensor> Run(IReadOnlyList<OrtTensor> inputs, IReadOnlyList<string> outputNames)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputNames);
        var names = new string[inputs.Count];
        for (var i = 0; i < names.Length; i++)
        {
            var input = inputs[i] ?? throw new ArgumentException($"Input {i} is null.", nameof(inputs));
            names[i] = input.Name ?? throw new ArgumentException($"Input {i} has no name; name it after the model input it feeds.", nameof(inputs));
        }

        for (var i = 0; i < outputNames.Count; i++)
        {
            _ = outputNames[i] ?? throw new ArgumentException($"Output name {i} is null.", nameof(outputNames));
        }

        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        using var session = _handle.Lease();
        using var inputNames = new Utf8StringArray(names);
        using var requested = new Utf8StringArray(outputNames);
        var pins = new GCHandle[inputs.Count];
        var values = new IntPtr[inputs.Count];
        var outputs = new IntPtr[outputNames.Count];
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = CreateInputValue(inputs[i], ref pins[i]);
            }

            fixed (IntPtr* inputValues = values)
            fixed (IntPtr* outputValues = outputs)
            {
                OrtApi.Run(session.Pointer, inputNames.Pointers, inputValues, (nuint)values.Length, requested.Pointers, (nuint)outputs.Length, outputValues);
            }

            var results = new OrtTensor[outputs.Length];
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = ReadOutput(outputNames[i], outputs[i]);
            }

            return results;
        }
        finally
        {
            foreach (var output in outputs)
            {
                OrtApi.Release(OrtSlots.ReleaseValue, output);
            }

            foreach (var value in values)
            {
                OrtApi.Release(OrtSlots.ReleaseValue, value);
            }

            foreach (var pin in pins)
            {
                if (pin.IsAllocated)
                {
                    pin.Free();
                }
            }
        }
    }

    /// <summary>Releases the native session (after any Run still in progress). Safe to call more than once.</summary>
    public void Dispose() => _handle.Dispose();

    private static OrtSession Create(OrtEnvironment environment, OrtSessionOptions? options, string? modelPath, ReadOnlySpan<byte> model)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ObjectDisposedException.ThrowIf(environment.Handle.IsClosed, environment);
        if (options is not null)
        {
            ObjectDisposedException.ThrowIf(options.Handle.IsClosed, options);
        }

        // CreateSession needs options; ORT's defaults come from a fresh OrtSessionOptions.
        var defaults = options is null ? new OrtSessionOptions() : null;
        var env = environment.Handle;
        var envReferenced = false;
        try
        {
            env.DangerousAddRef(ref envReferenced);
            using var optionsLease = (options ?? defaults!).Handle.Lease();
            var session = modelPath is not null
                ? OrtApi.CreateSession(env.DangerousGetHandle(), modelPath, optionsLease.Pointer)
                : OrtApi.CreateSessionFromArray(env.DangerousGetHandle(), model, optionsLease.Pointer);

            // From here the session handle owns the environment reference and gives it back when released.
            var handle = new OrtHandle(session, OrtSlots.ReleaseSession, env);
            envReferenced = false;
            return new OrtSession(handle);
        }
        finally
        {
            if (envReferenced)
            {
                env.DangerousRelease();
            }

            defaults?.Dispose();
        }
    }

    private static ReadOnlyCollection<string> ReadNames(IntPtr session, int countSlot, int nameSlot)
    {
        var names = new string[OrtApi.GetCount(countSlot, session)];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = OrtApi.GetName(nameSlot, session, i);
        }

        return Array.AsReadOnly(names);
    }

    private static unsafe IntPtr CreateInputValue(OrtTensor tensor, ref GCHandle pin)
    {
        var data = tensor.Data;
        pin = GCHandle.Alloc(data, GCHandleType.Pinned);
        var byteCount = (nuint)data.Length * (nuint)(tensor.ElementType == OrtElementType.Float ? sizeof(float) : sizeof(long));
        var shape = tensor.ShapeArray;
        long scalarShape = 0;
        fixed (long* dims = shape)
        {
            // An empty array pins to null; a scalar's shape gets a valid (unread) pointer instead.
            var dimsPointer = shape.Length == 0 ? &scalarShape : dims;
            return OrtApi.CreateTensorWithData((void*)pin.AddrOfPinnedObject(), byteCount, dimsPointer, (nuint)shape.Length, tensor.ElementType);
        }
    }

    private static unsafe OrtTensor ReadOutput(string name, IntPtr value)
    {
        var kind = value == IntPtr.Zero ? 0 : OrtApi.GetValueType(value);
        if (kind != OrtApi.OnnxTypeTensor)
        {
            throw new NotSupportedException($"Output '{name}' is not a tensor (ONNXType {kind}); only tensor outputs are supported.");
        }

        var (type, shape) = OrtApi.GetTypeAndShape(value);
        long count = 1;
        foreach (var dim in shape)
        {
            count = checked(count * dim);
        }

        if (count > Array.MaxLength)
        {
            throw new NotSupportedException($"Output '{name}' has {count} elements, more than a .NET array holds.");
        }

        return type switch
        {
            OrtElementType.Float => OrtTensor.Create(name, Copy<float>(value, (int)count), shape),
            OrtElementType.Int64 => OrtTensor.Create(name, Copy<long>(value, (int)count), shape),
            _ => throw new NotSupportedException($"Output '{name}' has element type {type}; OrtTensor carries Float and Int64 only."),
        };
    }

    private static unsafe T[] Copy<T>(IntPtr value, int count)
        where T : unmanaged
    {
        var data = new T[count];
        if (count > 0)
        {
            new ReadOnlySpan<T>(OrtApi.GetTensorMutableData(value), count).CopyTo(data);
        }

        return data;
    }
}
