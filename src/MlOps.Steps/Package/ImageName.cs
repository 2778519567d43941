using System.Text.RegularExpressions;
using MlOps.Core.Errors;

namespace MlOps.Steps.Package;

/// <summary>
/// NAME:TAG as container tools take it (distribution reference grammar): a lowercase repository path, optionally
/// behind a registry host[:port], and a tag of up to 128 letters, digits, '_', '.' and '-'.
/// </summary>
public sealed partial record ImageName(string Repository, string Tag)
{
    public override string ToString() => $"{Repository}:{Tag}";

    public static ImageName Parse(string value)
    {
        var slash = value.LastIndexOf('/');
        var colon = value.LastIndexOf(':');
        if (colon <= slash || colon == value.Length - 1)
            throw new InvalidInputException($"--tag '{value}' has no tag: expected NAME:TAG, e.g. adult-income:3");
        return Of(value[..colon], value[(colon + 1)..], $"--tag '{value}'");
    }

    /// <summary>A repository and tag made from a model name and version, checked the same way.</summary>
    public static ImageName Of(string repository, string tag, string what)
    {
        if (!Repo().IsMatch(repository))
            throw new InvalidInputException($"{what}: '{repository}' is not a valid image name: lowercase letters, digits and . _ - separators, '/' between path parts");
        if (!TagPattern().IsMatch(tag))
            throw new InvalidInputException($"{what}: '{tag}' is not a valid tag: up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'");
        return new ImageName(repository, tag);
    }

    [GeneratedRegex(@"^([a-zA-Z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex Repo();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();
}
