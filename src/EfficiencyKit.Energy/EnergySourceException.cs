using System;

namespace EfficiencyKit.Energy;

/// <summary>
/// An energy source cannot be opened or read. The message says what is wrong, where (path or library), and
/// what to do about it; <see cref="Kind"/> names the source.
/// </summary>
public sealed class EnergySourceException : Exception
{
    public EnergySourceException(EnergySourceKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    public EnergySourceException(EnergySourceKind kind, string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public EnergySourceKind Kind { get; }
}
