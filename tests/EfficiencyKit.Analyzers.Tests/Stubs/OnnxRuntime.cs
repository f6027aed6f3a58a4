// Stand-in for the Microsoft.ML.OnnxRuntime package (not in our registry). Signatures follow
// csharp/src/Microsoft.ML.OnnxRuntime of microsoft/onnxruntime; bodies are empty on purpose:
// analyzer tests only compile against these types, they never run them.
using System;
using System.Collections.Generic;

namespace Microsoft.ML.OnnxRuntime
{
    public enum GraphOptimizationLevel { ORT_DISABLE_ALL = 0, ORT_ENABLE_BASIC = 1, ORT_ENABLE_EXTENDED = 2, ORT_ENABLE_ALL = 99 }

    public class SessionOptions : IDisposable
    {
        public GraphOptimizationLevel GraphOptimizationLevel { get; set; } = GraphOptimizationLevel.ORT_ENABLE_ALL;
        public int IntraOpNumThreads { get; set; }
        public void Dispose() { }
    }

    public class RunOptions : IDisposable
    {
        public void Dispose() { }
    }

    public sealed class PrePackedWeightsContainer : IDisposable
    {
        public void Dispose() { }
    }

    public interface IDisposableReadOnlyCollection<T> : IReadOnlyCollection<T>, IDisposable { }

    public class NamedOnnxValue
    {
        protected NamedOnnxValue(string name, object value) { Name = name; Value = value; }
        public string Name { get; }
        public object Value { get; }
        public static NamedOnnxValue CreateFromTensor<T>(string name, Tensors.Tensor<T> value) => new NamedOnnxValue(name, value);
        public Tensors.Tensor<T> AsTensor<T>() => (Tensors.Tensor<T>)Value;
    }

    public class DisposableNamedOnnxValue : NamedOnnxValue, IDisposable
    {
        private DisposableNamedOnnxValue(string name, object value) : base(name, value) { }
        public void Dispose() { }
    }

    public class OrtValue : IDisposable
    {
        private OrtValue() { }
        public static OrtValue CreateTensorValueFromMemory<T>(T[] data, long[] shape) where T : unmanaged => new OrtValue();
        public ReadOnlySpan<T> GetTensorDataAsSpan<T>() where T : unmanaged => default;
        public void Dispose() { }
    }

    public class NodeMetadata
    {
        public int[] Dimensions { get; } = Array.Empty<int>();
    }

    public class InferenceSession : IDisposable
    {
        public InferenceSession(string modelPath) { }
        public InferenceSession(string modelPath, SessionOptions options) { }
        public InferenceSession(string modelPath, PrePackedWeightsContainer prepackedWeightsContainer) { }
        public InferenceSession(string modelPath, SessionOptions options, PrePackedWeightsContainer prepackedWeightsContainer) { }
        public InferenceSession(byte[] model) { }
        public InferenceSession(byte[] model, SessionOptions options) { }

        public IReadOnlyDictionary<string, NodeMetadata> InputMetadata { get; } = new Dictionary<string, NodeMetadata>();
        public IReadOnlyList<string> InputNames { get; } = Array.Empty<string>();
        public IReadOnlyList<string> OutputNames { get; } = Array.Empty<string>();

        public IDisposableReadOnlyCollection<DisposableNamedOnnxValue> Run(IReadOnlyCollection<NamedOnnxValue> inputs) => throw new NotImplementedException();
        public IDisposableReadOnlyCollection<OrtValue> Run(RunOptions runOptions, IReadOnlyCollection<string> inputNames, IReadOnlyCollection<OrtValue> inputValues, IReadOnlyCollection<string> outputNames) => throw new NotImplementedException();
        public void Dispose() { }
    }
}

namespace Microsoft.ML.OnnxRuntime.Tensors
{
    public abstract class Tensor<T>
    {
        public abstract T this[params int[] indices] { get; set; }
        public ReadOnlySpan<int> Dimensions => default;
    }

    public class DenseTensor<T> : Tensor<T>
    {
        public DenseTensor(ReadOnlySpan<int> dimensions) { }
        public DenseTensor(Memory<T> memory, ReadOnlySpan<int> dimensions, bool reverseStride = false) { }
        public Memory<T> Buffer => default;
        public override T this[params int[] indices] { get => default!; set { } }
    }
}
