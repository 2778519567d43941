namespace MlOps.Registry;

/// <summary>One registered, immutable version of a model, with its current (mutable) tags and aliases.</summary>
/// <param name="ArtifactPath">Absolute folder holding the copied artifacts; never written to after registration.</param>
/// <param name="ContentSha256">Hash of the artifact tree (paths and contents); equal trees hash alike wherever they came from.</param>
/// <param name="Aliases">Aliases pointing at this version now, in ordinal order.</param>
/// <param name="Archived">Retired: still resolvable (a running deployment may use it), but no alias may point at it again.</param>
public sealed record ModelVersion(
    string Name,
    int Version,
    string ArtifactPath,
    DateTimeOffset CreatedAt,
    string ContentSha256,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, string> Properties,
    IReadOnlyList<string> Aliases,
    string? Description,
    bool Archived = false)
{
    /// <summary>"NAME:VERSION", the form <see cref="IModelRegistry.ResolveAsync"/> accepts back.</summary>
    public string Reference => $"{Name}:{Version}";
}
