using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace EfficiencyKit.Onnx.IO;

/// <summary>
/// A path with every symbolic link resolved (the file system's own answer, <c>realpath(3)</c>), so two names of one
/// file compare equal: <c>cur.onnx</c> → <c>real/model.onnx</c>, or a linked folder on the way. Hard links need no
/// check here: our writers replace the output's directory entry (write a temporary file, then rename), so a hard
/// link to the input keeps the input's bytes.
/// </summary>
internal static class CanonicalPath
{
    /// <summary>The resolved absolute path; for a path that does not exist yet, its nearest existing folder is resolved.</summary>
    public static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return full;
        }

        // Walk up to the nearest part that exists, resolve it, and put the missing tail back on.
        var missing = new Stack<string>();
        var existing = full;
        while (!File.Exists(existing) && !Directory.Exists(existing))
        {
            var parent = Path.GetDirectoryName(existing);
            if (parent is null)
            {
                return full;
            }

            missing.Push(Path.GetFileName(existing));
            existing = parent;
        }

        var resolved = RealPath(existing) ?? existing;
        while (missing.Count > 0)
        {
            resolved = Path.Combine(resolved, missing.Pop());
        }

        return resolved;
    }

    /// <summary>Whether two paths name the same file once links are resolved.</summary>
    public static bool SameFile(string first, string second)
        => string.Equals(Resolve(first), Resolve(second), StringComparison.Ordinal);

    private static string? RealPath(string path)
    {
        // UTF-8 and NUL-terminated by hand: netstandard2.0 has no UTF-8 string marshalling.
        var encoded = Encoding.UTF8.GetBytes(path + "\0");
        var resolved = NativeRealPath(encoded, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            var length = 0;
            while (Marshal.ReadByte(resolved, length) != 0)
            {
                length++;
            }

            var bytes = new byte[length];
            Marshal.Copy(resolved, bytes, 0, length);
            return Encoding.UTF8.GetString(bytes);
        }
        finally
        {
            NativeFree(resolved);
        }
    }

    [DllImport("libc", EntryPoint = "realpath")]
    private static extern IntPtr NativeRealPath(byte[] path, IntPtr resolvedPath);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void NativeFree(IntPtr pointer);
}
