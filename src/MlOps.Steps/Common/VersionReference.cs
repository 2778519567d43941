using MlOps.Core.Errors;

namespace MlOps.Steps.Common;

/// <summary>The NAME:VERSION and NAME@ALIAS arguments of the registry verbs, with the error a user gets for anything else.</summary>
public static class VersionReference
{
    public static (string Name, int Version) ParseVersion(string reference)
    {
        var colon = reference.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(reference[(colon + 1)..], out var version))
            throw new InvalidInputException($"invalid model version '{reference}': expected NAME:VERSION, e.g. adult-income:3");
        return (reference[..colon], version);
    }

    public static (string Name, string Alias) ParseAlias(string reference)
    {
        var at = reference.LastIndexOf('@');
        if (at <= 0 || at == reference.Length - 1)
            throw new InvalidInputException($"invalid alias reference '{reference}': expected NAME@ALIAS, e.g. adult-income@staging");
        return (reference[..at], reference[(at + 1)..]);
    }
}
