using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace EfficiencyKit.OnnxRuntime.Native;

/// <summary>
/// A <c>const char* const*</c> array of NUL-terminated UTF-8 strings in one native block (the pointers first,
/// then the bytes), for Run's input and output names. One allocation per call instead of one per name.
/// </summary>
internal sealed unsafe class Utf8StringArray : IDisposable
{
    private void* _block;

    public Utf8StringArray(IReadOnlyList<string> values)
    {
        Count = values.Count;
        var pointerBytes = (nuint)(Count * sizeof(byte*));
        nuint textBytes = 0;
        foreach (var value in values)
        {
            textBytes += (nuint)Encoding.UTF8.GetByteCount(value) + 1;
        }

        _block = NativeMemory.Alloc(pointerBytes + textBytes);
        var pointers = (byte**)_block;
        var next = (byte*)_block + pointerBytes;
        var end = next + textBytes;
        for (var i = 0; i < Count; i++)
        {
            var length = Encoding.UTF8.GetBytes(values[i], new Span<byte>(next, checked((int)(end - next))));
            next[length] = 0;
            pointers[i] = next;
            next += length + 1;
        }
    }

    public int Count { get; }

    public byte** Pointers => (byte**)_block;

    public void Dispose()
    {
        NativeMemory.Free(_block);
        _block = null;
    }
}
