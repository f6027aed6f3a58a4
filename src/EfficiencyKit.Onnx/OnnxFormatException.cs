using System;

namespace EfficiencyKit.Onnx;

/// <summary>
/// A model file is not a well-formed ONNX model: truncated, corrupted, or using the protobuf wire format in a
/// way onnx.proto does not allow. Says what is wrong, the byte offset, and the field path where it was found.
/// </summary>
public sealed class OnnxFormatException : Exception
{
    /// <summary>Creates the exception; the message combines the source, field path, offset and problem.</summary>
    public OnnxFormatException(string source, long offset, string fieldPath, string problem)
        : base(Format(source, offset, fieldPath, problem))
    {
        Source = source;
        Offset = offset;
        FieldPath = fieldPath;
        Problem = problem;
    }

    /// <summary>The file (or a description of the in-memory source) being read.</summary>
    public new string Source { get; }

    /// <summary>Byte offset in the source where the problem was detected; -1 when it is not about one place in the file.</summary>
    public long Offset { get; }

    /// <summary>Where in the model the reader was, e.g. <c>graph.initializer[2].raw_data</c>; empty at the top level.</summary>
    public string FieldPath { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    private static string Format(string source, long offset, string fieldPath, string problem)
    {
        var where = offset >= 0 ? $" at byte offset {offset}" : "";
        var field = fieldPath.Length == 0 ? "" : $" (in {fieldPath})";
        return $"{source}: not a valid ONNX model{where}{field}: {problem}";
    }
}
