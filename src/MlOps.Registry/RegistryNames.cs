using System.Text.RegularExpressions;

namespace MlOps.Registry;

/// <summary>What names, aliases and references may look like; checked before anything touches the disk.</summary>
public static partial class RegistryNames
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex AliasPattern();

    public static void CheckName(string name)
    {
        if (!NamePattern().IsMatch(name) || name.Contains(".."))
            throw new RegistryException(RegistryErrorKind.InvalidName,
                $"invalid model name '{name}': use letters, digits, '.', '_' and '-' (at most 128, starting with a letter or digit)");
    }

    public static void CheckAlias(string alias)
    {
        if (!AliasPattern().IsMatch(alias))
            throw new RegistryException(RegistryErrorKind.InvalidName,
                $"invalid alias '{alias}': use letters, digits, '_' and '-', starting with a letter");
    }

    /// <summary>Splits NAME:VERSION or NAME@ALIAS; exactly one of version and alias is set.</summary>
    public static (string Name, int? Version, string? Alias) ParseReference(string reference)
    {
        var at = reference.LastIndexOf('@');
        var colon = reference.LastIndexOf(':');
        if (at > 0 && colon < 0)
        {
            var (name, alias) = (reference[..at], reference[(at + 1)..]);
            if (IsName(name) && AliasPattern().IsMatch(alias)) return (name, null, alias);
        }
        else if (colon > 0 && at < 0 && int.TryParse(reference[(colon + 1)..], System.Globalization.NumberStyles.None, null, out var v) && v > 0)
        {
            var name = reference[..colon];
            if (IsName(name)) return (name, v, null);
        }
        throw new RegistryException(RegistryErrorKind.InvalidReference,
            $"invalid model reference '{reference}': expected NAME:VERSION or NAME@ALIAS, e.g. adult-income:3 or adult-income@production");
    }

    private static bool IsName(string name) => NamePattern().IsMatch(name) && !name.Contains("..");
}
