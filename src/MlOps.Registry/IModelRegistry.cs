namespace MlOps.Registry;

/// <summary>Where model versions live. Async per the Azure SDK guidelines: the Azure ML registry comes next.</summary>
public interface IModelRegistry
{
    Task<ModelVersion> RegisterAsync(string name, string sourcePath, RegisterOptions? options = null, CancellationToken cancellationToken = default);
    Task<ModelVersion> GetAsync(string name, int version, CancellationToken cancellationToken = default);
    Task<ModelVersion> GetByAliasAsync(string name, string alias, CancellationToken cancellationToken = default);
    Task<ModelVersion?> TryGetByAliasAsync(string name, string alias, CancellationToken cancellationToken = default);

    /// <summary>Resolves "NAME:VERSION" or "NAME@ALIAS".</summary>
    Task<ModelVersion> ResolveAsync(string reference, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Points <paramref name="alias"/> at a version. With <paramref name="expectedCurrentVersion"/> (0 = unset) it is a
    /// compare-and-set: two pipelines promoting at once cannot both silently win.
    /// </summary>
    Task<ModelVersion> SetAliasAsync(string name, int version, string alias, int? expectedCurrentVersion = null, CancellationToken cancellationToken = default);
    Task RemoveAliasAsync(string name, string alias, CancellationToken cancellationToken = default);

    /// <summary>Merges tags; an empty value removes the tag.</summary>
    Task<ModelVersion> SetTagsAsync(string name, int version, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default);
}

public sealed record RegisterOptions(IReadOnlyDictionary<string, string>? Tags = null, string? Description = null,
    IReadOnlyDictionary<string, string>? Properties = null);

public sealed record ModelVersion(
    string Name,
    int Version,
    string ArtifactPath,
    DateTimeOffset CreatedAt,
    string ContentSha256,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, string> Properties,
    IReadOnlyList<string> Aliases,
    string? Description)
{
    public string Reference => $"{Name}:{Version}";
}
