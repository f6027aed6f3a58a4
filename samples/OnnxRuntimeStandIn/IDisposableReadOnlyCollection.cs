using System;
using System.Collections.Generic;

namespace Microsoft.ML.OnnxRuntime;

/// <summary>
/// A read-only list that disposes its elements with itself: what <see cref="InferenceSession"/>'s Run returns.
/// Stand-in mirroring the public shape of Microsoft.ML.OnnxRuntime's interface of the same name (the package is not
/// on our NuGet mirror), so code compiles unchanged against the real package.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public interface IDisposableReadOnlyCollection<T> : IReadOnlyCollection<T>, IReadOnlyList<T>, IDisposable
{
}
