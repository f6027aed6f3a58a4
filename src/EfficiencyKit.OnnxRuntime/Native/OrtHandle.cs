using System;
using System.Runtime.InteropServices;

namespace EfficiencyKit.OnnxRuntime.Native;

/// <summary>
/// Owns one ORT object and releases it through its OrtApi Release slot exactly once, on Dispose or, if the
/// owner forgot, on finalization. SafeHandle's reference count keeps the object alive while a call that
/// leased it (<see cref="Lease"/>) is still running on another thread, so Dispose during Run is safe.
/// </summary>
internal sealed class OrtHandle : SafeHandle
{
    private readonly int _releaseSlot;
    private readonly SafeHandle? _keepAlive;

    /// <param name="handle">The ORT object, just created.</param>
    /// <param name="releaseSlot">Its Release function in the OrtApi table.</param>
    /// <param name="keepAlive">
    /// A handle this one holds one reference on (already added by the caller) and gives back after its own
    /// release: a session keeps its environment alive, since ORT needs the env to outlive its sessions.
    /// </param>
    public OrtHandle(IntPtr handle, int releaseSlot, SafeHandle? keepAlive = null)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(handle);
        _releaseSlot = releaseSlot;
        _keepAlive = keepAlive;
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Adds a reference for the duration of one native call; dispose the lease to give it back.</summary>
    public OrtHandleLease Lease()
    {
        var added = false;
        DangerousAddRef(ref added);
        return new OrtHandleLease(this);
    }

    protected override bool ReleaseHandle()
    {
        OrtApi.Release(_releaseSlot, handle);
        _keepAlive?.DangerousRelease();
        return true;
    }
}
