namespace EfficiencyKit.Profiler.Analysis;

/// <summary>
/// A PDB maps compiler-generated code (a state machine's plumbing, the code after a call that returns into
/// hidden sequence points) to line 0 or to 0xFEEFEE; a call site shown at "Program.cs:0" would send a reader to a line
/// that does not exist, so such lines are unknown.
/// </summary>
internal static class SourceLines
{
    private const int HiddenLine = 0xFEEFEE;

    public static int? Visible(int line) => line is > 0 and not HiddenLine ? line : null;
}
