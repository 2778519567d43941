using System.Text;
using System.Text.RegularExpressions;

namespace MlOps.Steps.Init;

/// <summary>Writes a string as a YAML scalar that reads back as the same string: plain when that is safe, else double-quoted.</summary>
public static partial class YamlScalar
{
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_./-]*$")]
    private static partial Regex Plain();

    /// <summary>Words a YAML 1.1 reader may turn into a boolean or null; quoted so they stay text.</summary>
    private static readonly HashSet<string> Special = new(StringComparer.OrdinalIgnoreCase)
        { "y", "n", "yes", "no", "true", "false", "on", "off", "null" };

    public static string Of(string value)
    {
        if (Plain().IsMatch(value) && !Special.Contains(value)) return value;
        var quoted = new StringBuilder("\"");
        foreach (var c in value)
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        return quoted.Append('"').ToString();
    }
}
