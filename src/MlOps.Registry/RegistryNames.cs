using System.Globalization;
using System.Text.RegularExpressions;

namespace MlOps.Registry;

/// <summary>
/// What model names, aliases and references may look like. Checked before anything touches the disk: a model name
/// becomes a folder name, so the pattern is also what keeps "../x" out of the registry.
/// </summary>
public static partial class RegistryNames
{
    private const string NameForm = "1-128 letters, digits, '.', '_' or '-', starting with a letter or digit";
    private const string AliasForm = "1-64 letters, digits, '_' or '-', starting with a letter";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex AliasPattern();

    // NAME:VERSION with a canonical positive number (no sign, no leading zero), or NAME@ALIAS.
    [GeneratedRegex("^(?<name>[^:@]+)(?::(?<version>[1-9][0-9]{0,9})|@(?<alias>[^:@]+))$")]
    private static partial Regex ReferencePattern();

    /// <summary>The history file lives beside the model folders, so a model may not take its name.</summary>
    internal const string EventsFileName = "events.jsonl";

    public static void CheckName(string name)
    {
        if (!IsName(name))
            throw new RegistryException(RegistryErrorKind.InvalidName,
                name?.Equals(EventsFileName, StringComparison.OrdinalIgnoreCase) == true
                    ? $"invalid model name '{name}': the registry keeps its history in a file of that name"
                    : $"invalid model name '{name}': expected {NameForm}");
    }

    public static void CheckAlias(string alias)
    {
        if (alias is null || !AliasPattern().IsMatch(alias))
            throw new RegistryException(RegistryErrorKind.InvalidName, $"invalid alias '{alias}': expected {AliasForm}");
    }

    public static void CheckTagName(string tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
            throw new RegistryException(RegistryErrorKind.InvalidName, $"invalid tag name '{tag}': expected a non-empty name");
    }

    /// <summary>Splits NAME:VERSION or NAME@ALIAS; exactly one of version and alias is set.</summary>
    public static (string Name, int? Version, string? Alias) ParseReference(string reference)
    {
        var match = ReferencePattern().Match(reference ?? "");
        if (match.Success && IsName(match.Groups["name"].Value))
        {
            if (match.Groups["version"].Success
                && int.TryParse(match.Groups["version"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                return (match.Groups["name"].Value, version, null);
            if (match.Groups["alias"].Success && AliasPattern().IsMatch(match.Groups["alias"].Value))
                return (match.Groups["name"].Value, null, match.Groups["alias"].Value);
        }
        throw new RegistryException(RegistryErrorKind.InvalidReference,
            $"invalid model reference '{reference}': expected NAME:VERSION or NAME@ALIAS, e.g. adult-income:3 or adult-income@production");
    }

    /// <summary>True for a valid model name (what <see cref="CheckName"/> accepts).</summary>
    public static bool IsValidName(string? name) => IsName(name);

    internal static bool IsName(string? name) =>
        name is not null && NamePattern().IsMatch(name) && !name.Equals(EventsFileName, StringComparison.OrdinalIgnoreCase);
}
