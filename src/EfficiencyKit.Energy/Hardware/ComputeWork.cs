namespace EfficiencyKit.Energy.Hardware;

/// <summary>One operation's work: arithmetic operations at a precision and bytes moved to and from memory.</summary>
/// <param name="Operations">Arithmetic operations (a multiply-add counts as 2).</param>
/// <param name="Precision">The precision they run in.</param>
/// <param name="Bytes">Bytes read plus bytes written.</param>
public readonly record struct ComputeWork(double Operations, ComputePrecision Precision, double Bytes);
