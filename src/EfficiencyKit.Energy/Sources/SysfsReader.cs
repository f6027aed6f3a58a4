using System;
using System.Globalization;
using System.IO;

namespace EfficiencyKit.Energy.Sources;

/// <summary>
/// Reads small sysfs/procfs text files. Tests substitute the file reader (running as root, a test cannot
/// make a real file unreadable); production uses <see cref="File.ReadAllText(string)"/>.
/// </summary>
internal sealed class SysfsReader(EnergySourceKind kind, Func<string, string> readAllText)
{
    public static Func<string, string> FileSystem { get; } = File.ReadAllText;

    public EnergySourceKind Kind => kind;

    public string ReadText(string path) => readAllText(path).Trim();

    public ulong ReadUInt64(string path, string unit)
    {
        var text = ReadText(path);
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new EnergySourceException(kind, $"'{path}' should hold an unsigned integer ({unit}) but holds '{Truncate(text)}'.");
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text.Substring(0, 40) + "…";
}
