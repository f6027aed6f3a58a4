using System;
using System.Collections.Generic;

namespace Microsoft.ML.OnnxRuntime;

/// <summary>A list that disposes its elements, last first, when it is disposed; Run's result (as in the real package).</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class DisposableList<T> : List<T>, IDisposableReadOnlyCollection<T>
    where T : IDisposable
{
    public DisposableList(int capacity)
        : base(capacity)
    {
    }

    public void Dispose()
    {
        for (var i = Count - 1; i >= 0; i--)
        {
            this[i].Dispose();
        }

        Clear();
    }
}
