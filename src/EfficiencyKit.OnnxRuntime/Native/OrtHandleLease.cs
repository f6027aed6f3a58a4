using System;

namespace EfficiencyKit.OnnxRuntime.Native;

/// <summary>A reference on an <see cref="OrtHandle"/> that keeps its native object alive until disposed.</summary>
internal readonly ref struct OrtHandleLease
{
    private readonly OrtHandle _owner;

    public OrtHandleLease(OrtHandle owner) => _owner = owner;

    public IntPtr Pointer => _owner.DangerousGetHandle();

    public void Dispose() => _owner.DangerousRelease();
}
